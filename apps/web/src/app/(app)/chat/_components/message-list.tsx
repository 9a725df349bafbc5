"use client";

import type { MessageVersions } from "@copilot/protocol";
import { ArrowDownIcon } from "@phosphor-icons/react";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import type { ChatMessage } from "@/lib/chat/message-parts";
import type { StreamNotice } from "@/lib/chat/reducer/stream-state";
import { useAutoScroll } from "../_hooks/use-auto-scroll";
import { AnswerAnnouncer } from "./answer-announcer";
import { ChatMessageView, type MessageFailure, WritingIndicator } from "./chat-message";
import { QueuedNote } from "./turn-notices";

type Props = {
  messages: ChatMessage[];
  /** Id of the live answer while it is written; null before its first chunk or when idle. */
  streamingId: string | null;
  /** A turn runs but its answer has not started yet (show that something is happening). */
  waiting: boolean;
  liveFailure: { messageId: string; failure: MessageFailure } | null;
  /** The live turn's notice, on its message (or in place of it while it has no id yet). */
  liveNotice?: { messageId: string | null; notice: StreamNotice } | null;
  onRegenerate?: (message: ChatMessage) => void;
  onEdit?: (message: ChatMessage, text: string) => void;
  /** The messages shown that have other versions (the session's `versions`). */
  versions?: Record<string, MessageVersions>;
  onSelectVersion?: (messageId: string) => void;
  empty?: React.ReactNode;
  /** Changes when the reader sends (the pending message's id): the list jumps to it and follows. */
  followKey?: string | null;
};

/** The scrolling conversation, following new content while at the bottom, with "Jump to latest" otherwise. */
export function MessageList({
  messages,
  streamingId,
  waiting,
  liveFailure,
  liveNotice = null,
  onRegenerate,
  onEdit,
  versions = {},
  onSelectVersion,
  empty,
  followKey = null,
}: Props) {
  const { containerRef, contentRef, atBottom, jumpToLatest } = useAutoScroll<
    HTMLDivElement,
    HTMLDivElement
  >();
  // Sending always shows what was sent, however far up the reader was.
  useEffect(() => {
    if (followKey !== null) jumpToLatest();
  }, [followKey, jumpToLatest]);
  const busy = streamingId !== null || waiting;
  return (
    <div className="relative min-h-0 flex-1">
      <AnswerAnnouncer busy={busy} />
      <div ref={containerRef} className="absolute inset-0 overflow-y-auto">
        <div
          ref={contentRef}
          role="log"
          aria-label="Messages"
          aria-busy={busy}
          className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-6"
        >
          {messages.length === 0 && !waiting ? empty : null}
          {messages.map((message) => (
            <ChatMessageView
              key={message.id}
              message={message}
              streaming={message.id === streamingId}
              failure={liveFailure?.messageId === message.id ? liveFailure.failure : null}
              notice={liveNotice?.messageId === message.id ? liveNotice.notice : null}
              onRegenerate={onRegenerate}
              onEdit={onEdit}
              idle={!busy}
              versions={versions[message.id] ?? null}
              onSelectVersion={onSelectVersion}
            />
          ))}
          {waiting ? (
            liveNotice?.notice.kind === "queued" ? (
              <QueuedNote position={liveNotice.notice.position} />
            ) : (
              <WritingIndicator />
            )
          ) : null}
        </div>
      </div>
      {atBottom ? null : (
        <Button
          variant="outline"
          size="sm"
          onClick={jumpToLatest}
          data-testid="jump-to-latest"
          className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full bg-background shadow-md"
        >
          <ArrowDownIcon aria-hidden="true" />
          Jump to latest
        </Button>
      )}
    </div>
  );
}
