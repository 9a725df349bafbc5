"use client";

import type { ChatSessionDetail, UIMessage } from "@copilot/protocol";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { Attachment } from "@/lib/chat/attachments";
import {
  type ChatStatus,
  initialSnapshot,
  type LiveSnapshot,
  statusOf,
  visibleMessages,
} from "@/lib/chat/live-snapshot";
import type { ChatMessage } from "@/lib/chat/message-parts";
import type { SendOutcome } from "@/lib/chat/session-stream";
import { retainSessionStream, sessionStreamFor } from "@/lib/chat/session-stream-registry";
import { chatSessionQueryOptions, selectVersionMutationOptions } from "@/lib/queries/chat";

type ChatSessionView = {
  status: ChatStatus;
  reconnecting: boolean;
  messages: ChatMessage[];
  snapshot: LiveSnapshot;
  detail: ChatSessionDetail | undefined;
  send(text: string, attachments?: readonly Attachment[]): Promise<SendOutcome>;
  regenerate(message: UIMessage): Promise<SendOutcome>;
  /** Sends `text` as a new version of the question `message` (edit and resend). */
  edit(message: UIMessage, text: string): Promise<SendOutcome>;
  /** Shows another version of a message; the server keeps the choice. */
  selectVersion(messageId: string): Promise<void>;
  stop(): Promise<void>;
};

const noSubscribe = () => () => {};

/**
 * The one hook between a conversation and its stream (docs/style.md rule 24): it subscribes to the session's
 * SessionStream (which owns the connection, the tab leadership and the polling) and merges the
 * saved messages with the live ones. On the server, and during hydration, it renders the state
 * the session detail implies, so a page whose turn is running shows Stop from its first paint.
 */
export function useChatSession(sessionId: string, initialDetail: ChatSessionDetail | null): ChatSessionView {
  const queryClient = useQueryClient();
  // The first detail seen seeds a new stream only; an existing one (a send from /chat, another
  // visit within the grace period) is newer than any page data.
  const [firstDetail] = useState(initialDetail);
  const stream = useMemo(
    () => (typeof window === "undefined" ? null : sessionStreamFor(sessionId, { queryClient }, firstDetail)),
    [sessionId, queryClient, firstDetail],
  );
  const [serverSnapshot] = useState(() => initialSnapshot(initialDetail));
  const getServerSnapshot = useCallback(() => serverSnapshot, [serverSnapshot]);
  const snapshot = useSyncExternalStore(
    stream?.subscribe ?? noSubscribe,
    stream?.getSnapshot ?? getServerSnapshot,
    getServerSnapshot,
  );
  useEffect(() => (stream ? retainSessionStream(stream) : undefined), [stream]);

  const { data: detail } = useQuery(chatSessionQueryOptions(sessionId));
  const messages = useMemo(() => visibleMessages(detail?.messages ?? [], snapshot), [detail, snapshot]);

  const send = useCallback(
    (text: string, attachments: readonly Attachment[] = []) => {
      if (!stream) return Promise.reject(new Error("not in a browser"));
      return stream.send({
        kind: "message",
        text,
        clientMessageId: crypto.randomUUID(),
        attachments: [...attachments],
      });
    },
    [stream],
  );
  const regenerate = useCallback(
    (message: UIMessage) =>
      stream
        ? stream.send({ kind: "regenerate", message, clientMessageId: crypto.randomUUID() })
        : Promise.reject(new Error("not in a browser")),
    [stream],
  );
  const edit = useCallback(
    (message: UIMessage, text: string) =>
      stream
        ? stream.send({ kind: "message", text, clientMessageId: crypto.randomUUID(), editOf: message.id })
        : Promise.reject(new Error("not in a browser")),
    [stream],
  );
  const { mutateAsync: select } = useMutation(selectVersionMutationOptions(sessionId));
  const selectVersion = useCallback(
    async (messageId: string) => {
      const next = await select(messageId);
      queryClient.setQueryData(chatSessionQueryOptions(sessionId).queryKey, next);
    },
    [select, queryClient, sessionId],
  );
  const stop = useCallback(() => (stream ? stream.stop() : Promise.resolve()), [stream]);

  return {
    status: statusOf(snapshot),
    reconnecting: snapshot.reconnecting,
    messages,
    snapshot,
    detail,
    send,
    regenerate,
    edit,
    selectVersion,
    stop,
  };
}
