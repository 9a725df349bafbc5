"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { toast } from "sonner";
import type { Attachment } from "@/lib/chat/attachments";
import { retainSessionStream, sessionStreamFor } from "@/lib/chat/session-stream-registry";
import { announceSessionsChanged } from "@/lib/chat/tabs/sessions-channel";
import { chatKeys, chatSessionQueryOptions, createSessionMutationOptions } from "@/lib/queries/chat";
import { sendFailureText } from "../_lib/chat-errors";
import { Composer } from "./composer";
import { ConversationHeader } from "./conversation-header";

const suggestions = [
  "Write a long answer about durable streaming",
  "What time is it?",
  "chart 3,1,4 titled Demo",
  "list my files",
];

/**
 * /chat: the first message creates the session, starts the turn on that session's stream, then
 * moves to /chat/{id}. The stream lives in a per-tab registry, so the answer keeps flowing across
 * the page change (the conversation page picks up the same stream, already under way).
 */
export function NewChat({ defaultModel }: { defaultModel: string | null }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const createSession = useMutation(createSessionMutationOptions());
  const releases = useRef<Array<() => void>>([]);
  // Released when this page goes away; the registry keeps the stream through the page change.
  useEffect(
    () => () => {
      for (const release of releases.current) release();
    },
    [],
  );

  async function send(text: string, attachments: readonly Attachment[]): Promise<boolean> {
    let sessionId: string;
    try {
      const session = await createSession.mutateAsync(undefined);
      sessionId = session.id;
      queryClient.setQueryData(chatSessionQueryOptions(session.id).queryKey, {
        ...session,
        messages: [],
        versions: {},
        active_stream: null,
      });
    } catch (error) {
      toast.error(sendFailureText(error));
      return false;
    }
    const stream = sessionStreamFor(sessionId, { queryClient }, null);
    releases.current.push(retainSessionStream(stream));
    const sending = stream.send({
      kind: "message",
      text,
      clientMessageId: crypto.randomUUID(),
      attachments: [...attachments],
    });
    const listChanged = () => {
      void queryClient.invalidateQueries({ queryKey: chatKeys.sessions() });
      announceSessionsChanged();
    };
    listChanged();
    router.replace(`/chat/${sessionId}`);
    // Once more when the turn has started, so the list (and its background-answer toast) sees the
    // chat running rather than the idle chat it read a moment ago.
    sending.then(listChanged, (error: unknown) => toast.error(sendFailureText(error)));
    return true;
  }

  return (
    <div className="flex min-h-0 min-w-0 flex-1 flex-col">
      <ConversationHeader title="New chat" model={defaultModel} reconnecting={false} />
      <div className="flex min-h-0 flex-1 flex-col items-center justify-center gap-4 overflow-y-auto px-4 py-6 text-center">
        <h2 className="font-semibold text-2xl">What can I help with?</h2>
        <p className="max-w-md text-muted-foreground text-sm">
          Answers keep being written on the server if you close the tab, and pick up where they were when you
          come back — on any device.
        </p>
        <ul aria-label="Suggestions" className="flex max-w-xl flex-wrap justify-center gap-2">
          {suggestions.map((suggestion) => (
            <li key={suggestion}>
              <button
                type="button"
                onClick={() => void send(suggestion, [])}
                disabled={createSession.isPending}
                className="cursor-pointer rounded-full border px-3 py-1.5 text-muted-foreground text-sm outline-none hover:bg-accent hover:text-accent-foreground focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-50"
              >
                {suggestion}
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div className="mx-auto w-full max-w-3xl shrink-0 px-4 pb-4">
        <Composer onSend={send} onStop={() => {}} streaming={false} autoFocus draftKey="new" />
      </div>
    </div>
  );
}
