import { type MessageVersions, textOfParts } from "@copilot/protocol";
import {
  ArrowClockwiseIcon,
  PencilSimpleIcon,
  StopCircleIcon,
  WarningCircleIcon,
} from "@phosphor-icons/react";
import { memo, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { type ChatMessage, messageMarkdown } from "@/lib/chat/message-parts";
import type { StreamNotice } from "@/lib/chat/reducer/stream-state";
import { cn } from "@/lib/cn";
import { turnFailureText } from "../_lib/chat-errors";
import { MessageAttachments } from "./message-attachments";
import { MessageEditor } from "./message-editor";
import { AssistantPart } from "./message-parts";
import { VersionSwitcher } from "./message-versions";
import { TurnNotice } from "./turn-notices";

export type MessageFailure = { text: string | null; code: string | null };

type Props = {
  message: ChatMessage;
  /** This is the live answer and it is still being written. */
  streaming?: boolean;
  /** The live turn's failure (with the error text the stream carried); saved ones come from metadata. */
  failure?: MessageFailure | null;
  /** The live turn's notice (waiting in line, resumed by another worker); not saved with the message. */
  notice?: StreamNotice | null;
  /** Write this answer again, keeping this version (offered while no answer is being written). */
  onRegenerate?: (message: ChatMessage) => void;
  /** Send an edited copy of this question as a new version of it (a new branch from here). */
  onEdit?: (message: ChatMessage, text: string) => void;
  /** No answer is being written: the message actions that start one are offered. */
  idle?: boolean;
  /** This message's place among its versions, when it has others. */
  versions?: MessageVersions | null;
  onSelectVersion?: (messageId: string) => void;
};

function hasVisibleContent(message: ChatMessage): boolean {
  return message.parts.some((part) => part.type !== "step-start" && !part.type.startsWith("data-"));
}

/**
 * One message. Its element carries `data-message-id` and `data-role` (docs/api.md §8) and is keyed by
 * the message id, so a live answer becoming its saved copy keeps the same element. The content
 * (`data-slot="message-content"`) holds only what the model wrote; notices and actions sit outside.
 */
/**
 * Memoised: while an answer streams, only its own element re-renders (saved messages keep their
 * object identity between renders).
 */
export const ChatMessageView = memo(function ChatMessageView({
  message,
  streaming = false,
  failure,
  notice = null,
  onRegenerate,
  onEdit,
  idle = false,
  versions = null,
  onSelectVersion,
}: Props) {
  const [editing, setEditing] = useState(false);
  // Cancelling an edit gives focus back to the Edit button (the editor that held it is gone).
  const editButton = useRef<HTMLButtonElement>(null);
  const refocusEdit = useRef(false);
  useEffect(() => {
    if (editing || !refocusEdit.current) return;
    refocusEdit.current = false;
    editButton.current?.focus();
  }, [editing]);
  const markdown = messageMarkdown(message);
  const versionSwitcher =
    versions && onSelectVersion ? (
      <VersionSwitcher versions={versions} disabled={!idle} onSelect={onSelectVersion} />
    ) : null;
  if (message.role === "user") {
    const text = textOfParts(message.parts);
    const editor =
      editing && onEdit && idle ? (
        <MessageEditor
          initialText={text}
          onCancel={() => {
            refocusEdit.current = true;
            setEditing(false);
          }}
          onSend={(edited) => {
            setEditing(false);
            onEdit(message, edited);
          }}
        />
      ) : null;
    return (
      <article
        data-message-id={message.id}
        data-role="user"
        aria-label="You"
        className="group/message flex flex-col items-end gap-1"
      >
        {editor ?? (
          <>
            <MessageAttachments parts={message.parts} />
            {text ? (
              <div
                data-slot="message-content"
                className="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl bg-primary/10 px-4 py-2 text-sm"
              >
                {text}
              </div>
            ) : null}
            {/* Shown on hover or focus on a pointer screen, always on touch (no hover there). */}
            <div className="flex items-center">
              {versionSwitcher}
              <div className="flex opacity-100 focus-within:opacity-100 md:opacity-0 md:group-hover/message:opacity-100">
                {text ? <CopyButton text={text} label="Copy message" /> : null}
                {onEdit && idle ? (
                  <Button
                    ref={editButton}
                    variant="ghost"
                    size="icon"
                    className="size-8 text-muted-foreground"
                    aria-label="Edit message"
                    data-testid="message-edit"
                    onClick={() => setEditing(true)}
                  >
                    <PencilSimpleIcon aria-hidden="true" />
                  </Button>
                ) : null}
              </div>
            </div>
          </>
        )}
      </article>
    );
  }

  const status = message.metadata?.status;
  const failed =
    failure ?? (status === "failed" ? { text: null, code: message.metadata?.errorCode ?? null } : null);
  return (
    <article
      data-message-id={message.id}
      data-role={message.role}
      data-status={streaming ? "streaming" : (status ?? undefined)}
      aria-label="Assistant"
      aria-busy={streaming || undefined}
      className="flex flex-col gap-1"
    >
      <div data-slot="message-content" className="min-w-0">
        {message.parts.map((part, index) => (
          // Parts are append-only within a message: the index is their identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above.
          <AssistantPart key={index} part={part} streaming={streaming} />
        ))}
      </div>
      {streaming && !hasVisibleContent(message) && notice?.kind !== "queued" ? <WritingIndicator /> : null}
      {notice ? <TurnNotice notice={notice} streaming={streaming} /> : null}
      {status === "cancelled" && !streaming ? (
        <p className="flex items-center gap-1.5 text-muted-foreground text-xs">
          <StopCircleIcon aria-hidden="true" className="size-3.5" />
          Stopped
        </p>
      ) : null}
      {failed ? (
        <div
          role="alert"
          className={cn(
            "flex items-start gap-2 rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm",
          )}
        >
          <WarningCircleIcon aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-destructive" />
          <div className="flex min-w-0 flex-col gap-0.5">
            <p>{turnFailureText(failed.code)}</p>
            {failed.text ? <p className="break-words text-muted-foreground text-xs">{failed.text}</p> : null}
          </div>
        </div>
      ) : null}
      {!streaming && (markdown !== "" || (onRegenerate && idle) || versionSwitcher) ? (
        <div className="flex items-center gap-1">
          {versionSwitcher}
          {markdown !== "" ? <CopyButton text={markdown} label="Copy message" /> : null}
          {onRegenerate && idle ? (
            <Button
              variant="ghost"
              size="sm"
              onClick={() => onRegenerate(message)}
              className="text-muted-foreground"
              data-testid="message-regenerate"
            >
              <ArrowClockwiseIcon aria-hidden="true" />
              {failed ? "Retry" : "Regenerate"}
            </Button>
          ) : null}
        </div>
      ) : null}
    </article>
  );
});

/** Before the first words of an answer arrive. */
export function WritingIndicator() {
  return (
    <p role="status" className="flex items-center gap-1 py-1 text-muted-foreground text-sm">
      <span className="sr-only">The assistant is writing</span>
      <span aria-hidden="true" className="flex gap-1">
        <span className="size-1.5 animate-bounce rounded-full bg-current [animation-delay:-0.3s] motion-reduce:animate-none" />
        <span className="size-1.5 animate-bounce rounded-full bg-current [animation-delay:-0.15s] motion-reduce:animate-none" />
        <span className="size-1.5 animate-bounce rounded-full bg-current motion-reduce:animate-none" />
      </span>
    </p>
  );
}
