import { randomUUID } from "node:crypto";
import {
  MAX_ATTACHMENTS,
  MESSAGE_MAX_CHARS,
  type PostMessageBody,
  type PostSdkMessagesBody,
  type UIMessage,
} from "@copilot/protocol";
import { AppError } from "../errors";
import { attachmentIdsOf } from "./attachments";

/**
 * A POST body (ours or the AI SDK transport's) reduced to what a turn needs. `clientKey` makes
 * a repeated POST attach to the turn it already started.
 */
export type TurnInput =
  | {
      kind: "submit";
      userMessage: UIMessage;
      text: string;
      /** Workspace files the message carries; their parts are added once they are checked. */
      attachmentIds: string[];
      clientKey: string | null;
      /** Edit and resend: the earlier user message this one is a new version of. */
      editOf: string | null;
    }
  /** A new version of an answer (`messageId`; null: the last one shown). */
  | { kind: "regenerate"; messageId: string | null; clientKey: string };

const isSdkBody = (body: PostMessageBody): body is PostSdkMessagesBody => "messages" in body;

export function parseTurnInput(body: PostMessageBody): TurnInput {
  if (!isSdkBody(body)) {
    const id = body.client_message_id ?? randomUUID();
    const text = checkLength(body.message);
    return {
      kind: "submit",
      userMessage: { id, role: "user", parts: text.trim() ? [{ type: "text", text }] : [] },
      text,
      attachmentIds: body.attachments?.map((attachment) => attachment.file_id) ?? [],
      clientKey: body.client_message_id ?? null,
      editOf: body.edit_message_id ?? null,
    };
  }
  if (body.trigger === "regenerate-message") {
    const messageId = body.messageId ?? null;
    return {
      kind: "regenerate",
      messageId,
      clientKey: body.client_message_id ?? `regenerate:${messageId ?? body.messages.at(-1)?.id}`,
    };
  }
  const newest = body.messages.findLast((message) => message.role === "user");
  if (!newest) throw new AppError("bad_request", "no user message to answer");
  // Only text and the ids of workspace files are taken from the client; anything else a client
  // sends is not ours to trust (the file parts are rebuilt from our own rows).
  const texts = newest.parts.flatMap((part) =>
    part.type === "text" && typeof part.text === "string" ? [part.text] : [],
  );
  const attachmentIds = attachmentIdsOf(newest.parts).slice(0, MAX_ATTACHMENTS);
  const text = checkLength(texts.join("\n"));
  if (!text.trim() && attachmentIds.length === 0) throw new AppError("bad_request", "the message is empty");
  return {
    kind: "submit",
    userMessage: {
      id: newest.id,
      role: "user",
      parts: texts.map((value) => ({ type: "text", text: value })),
    },
    text,
    attachmentIds,
    clientKey: body.messageId ?? newest.id,
    editOf: null,
  };
}

function checkLength(text: string): string {
  if (text.length > MESSAGE_MAX_CHARS) {
    throw new AppError("message_too_long", `messages are limited to ${MESSAGE_MAX_CHARS} characters`);
  }
  return text;
}
