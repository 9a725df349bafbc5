"use client";

import { MAX_ATTACHMENTS, MESSAGE_MAX_CHARS } from "@copilot/protocol";
import { ClockIcon, PaperclipIcon, PaperPlaneRightIcon, StopIcon } from "@phosphor-icons/react";
import { useEffect, useEffectEvent, useId, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { Attachment } from "@/lib/chat/attachments";
import { cn } from "@/lib/cn";
import { useAttachments } from "../_hooks/use-attachments";
import { useDraft } from "../_hooks/use-draft";
import { useFileDrop } from "../_hooks/use-file-drop";
import { useTouchOnly } from "../_hooks/use-touch-only";
import { AttachmentChips } from "./attachment-chips";

type Props = {
  /** Sends the text and files; resolves false when it was not sent (the text is then put back). */
  onSend(text: string, attachments: readonly Attachment[]): Promise<boolean> | boolean;
  onStop(): void;
  /** A turn is running: Stop replaces Send, and Enter queues the next message until it ends. */
  streaming: boolean;
  stopping?: boolean;
  autoFocus?: boolean;
  placeholder?: string;
  /** Keeps the unsent text across reloads under this key (the chat's id, or "new"). */
  draftKey?: string;
};

const formatCount = (count: number) => count.toLocaleString("en");

/**
 * The message box: Enter sends, Shift+Enter adds a line (and Enter while an input method is
 * composing does neither). The 32,000-character limit is shown as a counter; over it, Send is off.
 * While an answer streams the box stays open: Enter queues the next message, sent when the answer
 * ends ("Stop and send" ends it now; "Edit" takes it back). One message waits at most.
 * Files (the paperclip, a drop anywhere on the page, a pasted image) upload into the workspace at
 * once; the message goes when every one is stored, carrying them as references.
 */
export function Composer({
  onSend,
  onStop,
  streaming,
  stopping = false,
  autoFocus,
  placeholder,
  draftKey,
}: Props) {
  const [text, setText] = useDraft(draftKey);
  const [submitting, setSubmitting] = useState(false);
  // The next message, typed while an answer streams: sent the moment the answer ends.
  const [queued, setQueued] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const touchOnly = useTouchOnly();
  const counterId = useId();
  const attachments = useAttachments();
  const fileInput = useRef<HTMLInputElement>(null);
  const tooLong = text.length > MESSAGE_MAX_CHARS;
  const hasContent = !tooLong && (text.trim() !== "" || attachments.ready.length > 0);
  const canSend = !streaming && !submitting && !attachments.busy && hasContent;
  const canQueue = streaming && queued === null && hasContent;

  function attach(files: readonly File[]) {
    const room = MAX_ATTACHMENTS - attachments.items.length;
    if (files.length > room)
      toast.error(
        `A message carries at most ${MAX_ATTACHMENTS} files; ${files.length - Math.max(room, 0)} left out.`,
      );
    if (room > 0) attachments.add(files.slice(0, room));
  }
  const dragging = useFileDrop(attach);

  async function send(message: string) {
    setSubmitting(true);
    const files = attachments.ready;
    try {
      const ok = await onSend(message, files);
      // Put the text back unless the user already started another one; the files stay attached.
      if (!ok) setText((current) => (current === "" ? message : current));
      else attachments.clear();
    } finally {
      setSubmitting(false);
      if (!touchOnly) textarea.current?.focus();
    }
  }

  function submit() {
    if (canQueue) {
      setQueued(text);
      setText("");
    } else if (canSend) {
      // Cleared at once: the message shows as pending in the conversation while it is posted.
      setText("");
      void send(text);
    }
  }

  const sendQueued = useEffectEvent((message: string) => {
    setQueued(null);
    void send(message);
  });
  // Stop hands the keyboard back to the composer at once, so the next message can be typed while
  // the answer winds down (waiting for the button to unmount raced with focus moving elsewhere).
  const stop = () => {
    onStop();
    if (!touchOnly) textarea.current?.focus();
  };
  const refocus = useEffectEvent(() => {
    // Stop (or the answer ending) unmounted the focused button: focus fell to <body>. A phone keeps
    // its keyboard closed.
    if (!touchOnly && (document.activeElement === null || document.activeElement === document.body))
      textarea.current?.focus();
  });
  const wasStreaming = useRef(streaming);
  useEffect(() => {
    const ended = wasStreaming.current && !streaming;
    wasStreaming.current = streaming;
    if (ended && queued === null) refocus();
  }, [streaming, queued]);
  // The queued message goes once the answer has ended and its files are stored.
  useEffect(() => {
    if (!streaming && queued !== null && !attachments.busy) sendQueued(queued);
  }, [streaming, queued, attachments.busy]);

  return (
    <form
      aria-label="Send a message"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      className="rounded-xl border bg-background shadow-xs focus-within:ring-2 focus-within:ring-ring/40"
    >
      {dragging ? (
        <div
          data-testid="drop-overlay"
          className="pointer-events-none fixed inset-0 z-40 grid place-items-center bg-overlay"
        >
          <p className="rounded-lg border bg-background px-6 py-4 font-medium shadow-lg">
            Drop files to attach them to your message
          </p>
        </div>
      ) : null}
      <AttachmentChips items={attachments.items} onRemove={attachments.remove} onRetry={attachments.retry} />
      {queued !== null ? (
        <div
          data-testid="queued-message"
          className="flex items-center gap-2 border-b px-3 py-2 text-sm"
          role="status"
          aria-live="polite"
        >
          <ClockIcon aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
          <span className="min-w-0 flex-1 truncate">
            <span className="text-muted-foreground">Sends when this answer ends: </span>
            {queued}
          </span>
          <Button
            type="button"
            variant="ghost"
            size="sm"
            data-testid="queued-send-now"
            onClick={stop}
            disabled={stopping}
          >
            Stop and send
          </Button>
          <Button
            type="button"
            variant="ghost"
            size="sm"
            data-testid="queued-cancel"
            onClick={() => {
              setText((current) => (current === "" ? queued : `${queued}\n${current}`));
              setQueued(null);
              textarea.current?.focus();
            }}
          >
            Edit
          </Button>
        </div>
      ) : null}
      {/* 16 px text below the sm breakpoint: iOS zooms into a focused field smaller than that. */}
      <textarea
        ref={textarea}
        data-testid="composer"
        aria-label="Message"
        aria-describedby={counterId}
        aria-invalid={tooLong || undefined}
        value={text}
        // biome-ignore lint/a11y/noAutofocus: the composer is the page's purpose; focusing it is what a user expects.
        autoFocus={autoFocus}
        placeholder={
          streaming
            ? queued === null
              ? "Type your next message; it is sent when this answer ends"
              : "Wait for the answer, or stop it"
            : (placeholder ?? "Ask anything")
        }
        rows={1}
        onChange={(event) => setText(event.target.value)}
        onPaste={(event) => {
          const files = [...event.clipboardData.files];
          if (files.length === 0) return;
          // A pasted screenshot is a file; pasted text (even with a file beside it) stays text.
          if (!event.clipboardData.getData("text/plain")) event.preventDefault();
          attach(files);
        }}
        onKeyDown={(event) => {
          if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
          event.preventDefault();
          submit();
        }}
        className="field-sizing-content block max-h-60 min-h-12 w-full resize-none bg-transparent px-4 pt-3 pb-1 text-base outline-none sm:text-sm placeholder:text-muted-foreground"
      />
      <div className="flex items-center gap-2 px-3 pb-2">
        <input
          ref={fileInput}
          type="file"
          multiple
          data-testid="attach-input"
          className="sr-only"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(event) => {
            attach([...(event.target.files ?? [])]);
            event.target.value = "";
          }}
        />
        <Button
          type="button"
          variant="ghost"
          size="icon"
          className="-ml-1 size-8"
          data-testid="attach"
          onClick={() => fileInput.current?.click()}
        >
          <PaperclipIcon aria-hidden="true" />
          <span className="sr-only">Attach files</span>
        </Button>
        <span
          id={counterId}
          className={cn(
            "text-muted-foreground text-xs tabular-nums",
            tooLong && "font-medium text-destructive",
          )}
        >
          {formatCount(text.length)} / {formatCount(MESSAGE_MAX_CHARS)}
          {tooLong ? <span> — too long to send</span> : null}
        </span>
        <span className="flex-1" />
        <span className={cn("hidden text-muted-foreground text-xs", !touchOnly && "sm:inline")}>
          {streaming ? "Esc to stop · Enter to queue" : "Enter to send · Shift+Enter for a new line"}
        </span>
        {streaming && canQueue ? (
          <Button data-testid="queue" type="submit" size="sm" variant="secondary">
            <ClockIcon aria-hidden="true" />
            Send after
          </Button>
        ) : null}
        {streaming ? (
          <Button
            data-testid="stop"
            type="button"
            variant="outline"
            size="sm"
            onClick={stop}
            disabled={stopping}
          >
            <StopIcon aria-hidden="true" weight="fill" />
            {stopping ? "Stopping…" : "Stop"}
          </Button>
        ) : (
          <Button data-testid="send" type="submit" size="sm" disabled={!canSend}>
            <PaperPlaneRightIcon aria-hidden="true" />
            Send
          </Button>
        )}
      </div>
    </form>
  );
}
