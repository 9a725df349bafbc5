"use client";

import type { ChatSessionDetail } from "@copilot/protocol";
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { Attachment } from "@/lib/chat/attachments";
import type { ChatMessage } from "@/lib/chat/message-parts";
import { announceSessionsChanged } from "@/lib/chat/tabs/sessions-channel";
import { chatKeys } from "@/lib/queries/chat";
import { useChatSession } from "../_hooks/use-chat-session";
import { useEscapeToStop } from "../_hooks/use-escape-to-stop";
import { useTabTitle } from "../_hooks/use-tab-title";
import { sendFailureText } from "../_lib/chat-errors";
import { Composer } from "./composer";
import { ConversationHeader } from "./conversation-header";
import { MessageList } from "./message-list";

/** A session's conversation: header, messages (saved and live), composer. */
export function Conversation({
  sessionId,
  initialDetail,
  defaultModel,
}: {
  sessionId: string;
  initialDetail: ChatSessionDetail;
  defaultModel: string | null;
}) {
  const chat = useChatSession(sessionId, initialDetail);
  const queryClient = useQueryClient();
  const { stream } = chat.snapshot.log;
  const streaming = chat.status === "streaming";
  const { stop: stopTurn } = chat;
  const stop = useCallback(() => {
    stopTurn().catch(() => toast.error("Could not stop the answer. Check your connection and try again."));
  }, [stopTurn]);
  useEscapeToStop(streaming, stop);
  useTabTitle(chat.detail?.title ?? initialDetail.title, streaming);

  async function send(text: string, attachments: readonly Attachment[]): Promise<boolean> {
    try {
      const outcome = await chat.send(text, attachments);
      // The list's "answer in progress" marker, here and in the other tabs.
      void queryClient.invalidateQueries({ queryKey: chatKeys.sessions() });
      announceSessionsChanged();
      if (outcome.attached) {
        toast.info(
          "An answer was already being written in this conversation; it is shown below. Send your message when it is done.",
        );
        return false;
      }
      return true;
    } catch (error) {
      toast.error(sendFailureText(error));
      return false;
    }
  }

  const { regenerate: regenerateMessage, edit: editMessage, selectVersion: select } = chat;
  const regenerate = useCallback(
    (message: ChatMessage) => {
      regenerateMessage(message).catch((error: unknown) => toast.error(sendFailureText(error)));
    },
    [regenerateMessage],
  );
  const edit = useCallback(
    (message: ChatMessage, text: string) => {
      editMessage(message, text).catch((error: unknown) => toast.error(sendFailureText(error)));
    },
    [editMessage],
  );
  const selectVersion = useCallback(
    (messageId: string) => {
      select(messageId).catch((error: unknown) => toast.error(sendFailureText(error)));
    },
    [select],
  );

  if (chat.snapshot.gone) {
    return (
      <div className="m-auto flex max-w-sm flex-col items-center gap-3 p-6 text-center">
        <h1 className="font-semibold text-lg">This conversation was deleted</h1>
        <Button asChild>
          <Link href="/chat">Start a new chat</Link>
        </Button>
      </div>
    );
  }

  const lastAssistant = chat.messages.findLast((message) => message.role === "assistant");
  const model = stream.message?.metadata?.model ?? lastAssistant?.metadata?.model ?? defaultModel;
  const liveId = stream.message?.id ?? null;
  return (
    <div className="flex min-h-0 min-w-0 flex-1 flex-col">
      <ConversationHeader
        title={chat.detail?.title ?? initialDetail.title}
        model={model}
        reconnecting={chat.reconnecting}
      />
      <MessageList
        messages={chat.messages}
        streamingId={streaming ? liveId : null}
        waiting={streaming && liveId === null}
        liveFailure={
          liveId && stream.phase === "error" && stream.error
            ? { messageId: liveId, failure: stream.error }
            : null
        }
        liveNotice={stream.notice ? { messageId: liveId, notice: stream.notice } : null}
        onRegenerate={regenerate}
        onEdit={edit}
        versions={chat.detail?.versions}
        onSelectVersion={selectVersion}
        followKey={chat.snapshot.pendingUser?.id ?? chat.snapshot.replacing ?? null}
        empty={
          <p className="py-12 text-center text-muted-foreground text-sm">
            No messages yet. Ask anything below.
          </p>
        }
      />
      <div className="mx-auto w-full max-w-3xl shrink-0 px-4 pb-4">
        <Composer
          onSend={send}
          onStop={stop}
          streaming={streaming}
          draftKey={sessionId}
          stopping={chat.snapshot.stopping}
          autoFocus
        />
      </div>
    </div>
  );
}
