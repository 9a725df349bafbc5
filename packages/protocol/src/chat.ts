import { z } from "zod";
import { messageMetadataSchema, taskStatusSchema } from "./chunks";
import { isoDateTime, listQuerySchema, uuid } from "./common";

export const MESSAGE_MAX_CHARS = 32_000;
/** An AI SDK client posts the whole conversation; more messages than this is a 400 (issue 10 #8). */
export const MAX_TURN_MESSAGES = 1_000;

export const chatSessionSchema = z.object({
  id: uuid,
  title: z.string(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
  /** Kept at the top of the user's list. */
  pinned: z.boolean(),
  /** A turn is queued or running in it right now (the list's "answer in progress" marker). */
  running: z.boolean(),
});
export type ChatSession = z.infer<typeof chatSessionSchema>;

export const createSessionSchema = z.object({ title: z.string().trim().max(200).optional() });
export const updateSessionSchema = z
  .object({ title: z.string().trim().min(1).max(200).optional(), pinned: z.boolean().optional() })
  .refine((body) => body.title !== undefined || body.pinned !== undefined, {
    message: "give title, pinned or both",
  });
export type UpdateSession = z.infer<typeof updateSessionSchema>;

/** `GET /api/chat/sessions`: a page, optionally only (un)pinned chats or those matching `q`. */
export const listSessionsQuerySchema = listQuerySchema.extend({
  /** Case-insensitive: in the title or in the text of any message. */
  q: z.string().trim().min(1).max(200).optional(),
  pinned: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional(),
});
export type ListSessionsQuery = z.infer<typeof listSessionsQuerySchema>;

/** `GET /api/chat/sessions/{id}/export`: the whole chat as a Markdown or JSON attachment. */
export const chatExportFormats = ["markdown", "json"] as const;
export const exportSessionQuerySchema = z.object({ format: z.enum(chatExportFormats).default("markdown") });
export type ChatExportFormat = (typeof chatExportFormats)[number];

/** `GET /api/chat/model`: the model that answers, as the settings page shows it. */
export const chatModelSchema = z.object({
  provider: z.enum(["offline", "openai", "anthropic", "openai-compatible"]),
  name: z.string(),
  /** What `metadata.model` says on the messages it writes: `offline` or `provider:name`. */
  label: z.string(),
});
export type ChatModel = z.infer<typeof chatModelSchema>;

/** A part of an AI SDK UI message; loose because tool and data parts carry their own fields. */
export const uiMessagePartSchema = z.looseObject({ type: z.string() });
export const uiMessageSchema = z.object({
  id: z.string(),
  role: z.enum(["system", "user", "assistant"]),
  parts: z.array(uiMessagePartSchema),
  metadata: messageMetadataSchema.optional(),
});
export type UIMessage = z.infer<typeof uiMessageSchema>;

/** The text a message's parts carry, in order, one part per line (loose parts: fields are checked). */
export function textOfParts(parts: ReadonlyArray<{ type: string; text?: unknown }>): string {
  return parts
    .flatMap((part) => (part.type === "text" && typeof part.text === "string" ? [part.text] : []))
    .join("\n");
}

export const activeStreamSchema = z.object({
  task_id: uuid,
  last_message_id: z.string(),
  operation_id: z.string().nullable(),
  tool_name: z.string().nullable(),
});
export type ActiveStream = z.infer<typeof activeStreamSchema>;

/**
 * A message's place among its versions (an edited question, a regenerated answer): `index` of
 * `count`, 1-based, and the ids either side, to select with
 * `POST /api/chat/sessions/{id}/messages/{message_id}/select`.
 */
export const messageVersionsSchema = z.object({
  index: z.number().int().min(1),
  count: z.number().int().min(2),
  previous: z.string().nullable(),
  next: z.string().nullable(),
});
export type MessageVersions = z.infer<typeof messageVersionsSchema>;

/** `POST /api/chat/sessions/{id}/messages/{message_id}/select`: show that version of a message. */
export const messageParamsSchema = z.object({ id: uuid, message_id: z.string().min(1).max(128) });

export const chatSessionDetailSchema = chatSessionSchema.extend({
  /** The branch shown (at each fork the most recently selected version), oldest first. */
  messages: z.array(uiMessageSchema),
  /** Only the messages of `messages` that have other versions. */
  versions: z.record(z.string(), messageVersionsSchema),
  active_stream: activeStreamSchema.nullable(),
});
export type ChatSessionDetail = z.infer<typeof chatSessionDetailSchema>;

/**
 * POST body of a turn: ours (`message`) or the AI SDK transport's (`messages` + `trigger`).
 * Length is checked by the domain (413 `message_too_long`), not here (which would be a 400).
 */
/** Files of the user's workspace a message carries (uploaded from the composer, or already there). */
export const MAX_ATTACHMENTS = 10;
export const attachmentRefSchema = z.object({ file_id: uuid });
export const postOwnMessageSchema = z
  .object({
    /** May be empty when the message carries attachments. */
    message: z.string(),
    attachments: z.array(attachmentRefSchema).max(MAX_ATTACHMENTS).optional(),
    client_message_id: z.string().min(1).max(128).optional(),
    /**
     * Edit and resend: this message is a new version of that earlier user message (same place in
     * the conversation, a new branch from there); the earlier branch stays selectable.
     */
    edit_message_id: z.string().min(1).max(128).optional(),
  })
  .refine((body) => body.message.trim() !== "" || (body.attachments?.length ?? 0) > 0, {
    message: "write a message or attach a file",
    path: ["message"],
  });
export const postSdkMessagesSchema = z.looseObject({
  id: z.string().optional(),
  messages: z.array(uiMessageSchema).min(1).max(MAX_TURN_MESSAGES),
  trigger: z.enum(["submit-message", "regenerate-message"]).default("submit-message"),
  messageId: z.string().max(128).optional(),
  /**
   * Names this request, so a repeat attaches to its turn. Without it a regenerate is keyed by
   * `messageId`: a repeat attaches, and the same answer can be regenerated once. With it (as the
   * web app sends), each new id makes one more version.
   */
  client_message_id: z.string().min(1).max(128).optional(),
});
export const postMessageSchema = z.union([postOwnMessageSchema, postSdkMessagesSchema]);
export type PostOwnMessageBody = z.infer<typeof postOwnMessageSchema>;
export type PostSdkMessagesBody = z.infer<typeof postSdkMessagesSchema>;
export type PostMessageBody = PostOwnMessageBody | PostSdkMessagesBody;

export const taskKinds = ["chat_turn", "operation"] as const;
export const taskSchema = z.object({
  task_id: uuid,
  session_id: uuid,
  kind: z.enum(taskKinds),
  status: taskStatusSchema,
  created_at: isoDateTime,
  updated_at: isoDateTime,
  ended_at: isoDateTime.nullable(),
  last_message_id: z.string().nullable(),
  error_code: z.string().nullable(),
});
export type Task = z.infer<typeof taskSchema>;
export const cancelTaskResponseSchema = z.object({ task_id: uuid, status: taskStatusSchema });

export const taskStreamQuerySchema = z.object({ last_message_id: z.string().optional() });
