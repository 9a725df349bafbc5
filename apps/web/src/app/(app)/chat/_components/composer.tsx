"use client";

import { MESSAGE_MAX_CHARS } from "@copilot/protocol";
import { PaperPlaneRightIcon, StopIcon } from "@phosphor-icons/react";
import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import { useDraft } from "../_hooks/use-draft";
import { useTouchOnly } from "../_hooks/use-touch-only";

type Props = {
  /** Sends the text; resolves false when it was not sent (the text is then put back). */
  onSend(text: string): Promise<boolean> | boolean;
  onStop(): void;
  /** A turn is running: the composer is disabled and Stop replaces Send. */
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
  const textarea = useRef<HTMLTextAreaElement>(null);
  const touchOnly = useTouchOnly();
  const counterId = useId();
  const tooLong = text.length > MESSAGE_MAX_CHARS;
  const canSend = !streaming && !submitting && !tooLong && text.trim() !== "";

  async function submit() {
    if (!canSend) return;
    const sent = text;
    // Cleared at once: the message shows as pending in the conversation while it is posted.
    setText("");
    setSubmitting(true);
    try {
      const ok = await onSend(sent);
      // Put the text back unless the user already started another one.
      if (!ok) setText((current) => (current === "" ? sent : current));
    } finally {
      setSubmitting(false);
      textarea.current?.focus();
    }
  }

  return (
    <form
      aria-label="Send a message"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      className="rounded-xl border bg-background shadow-xs focus-within:ring-2 focus-within:ring-ring/40"
    >
      {/* 16 px text below the sm breakpoint: iOS zooms into a focused field smaller than that. */}
      <textarea
        ref={textarea}
        data-testid="composer"
        aria-label="Message"
        aria-describedby={counterId}
        aria-invalid={tooLong || undefined}
        value={text}
        disabled={streaming}
        // biome-ignore lint/a11y/noAutofocus: the composer is the page's purpose; focusing it is what a user expects.
        autoFocus={autoFocus}
        placeholder={
          streaming
            ? touchOnly
              ? "Wait for the answer, or tap Stop"
              : "Wait for the answer, or press Esc to stop it"
            : (placeholder ?? "Ask anything")
        }
        rows={1}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
          event.preventDefault();
          void submit();
        }}
        className="field-sizing-content block max-h-60 min-h-12 w-full resize-none bg-transparent px-4 pt-3 pb-1 text-base outline-none sm:text-sm placeholder:text-muted-foreground disabled:cursor-not-allowed disabled:opacity-60"
      />
      <div className="flex items-center gap-2 px-3 pb-2">
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
          {streaming ? "Esc to stop" : "Enter to send · Shift+Enter for a new line"}
        </span>
        {streaming ? (
          <Button
            data-testid="stop"
            type="button"
            variant="outline"
            size="sm"
            onClick={onStop}
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
