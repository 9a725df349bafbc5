"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * Edit and resend, in place of the question: Enter (or Send) sends the new text as another version
 * of the question, whose answer starts a new branch; Esc (or Cancel) leaves it as it was.
 */
export function MessageEditor({
  initialText,
  onSend,
  onCancel,
}: {
  initialText: string;
  onSend: (text: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(initialText);
  const textarea = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const element = textarea.current;
    if (!element) return;
    element.focus();
    element.setSelectionRange(element.value.length, element.value.length);
  }, []);
  const canSend = text.trim() !== "" && text !== initialText;
  const send = () => {
    if (canSend) onSend(text);
  };
  return (
    <form
      data-testid="message-editor"
      className="flex w-full max-w-[85%] flex-col gap-2 rounded-2xl border bg-background p-2"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <textarea
        ref={textarea}
        value={text}
        aria-label="Edit your message"
        rows={Math.min(8, Math.max(2, text.split("\n").length))}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            // The conversation's Esc (stop) has nothing to stop here; this Esc belongs to the editor.
            event.stopPropagation();
            onCancel();
          } else if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            send();
          }
        }}
        className="w-full resize-none bg-transparent px-2 py-1 text-base outline-none md:text-sm"
      />
      <div className="flex justify-end gap-2">
        <Button type="button" variant="ghost" size="sm" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" size="sm" disabled={!canSend} data-testid="message-editor-send">
          Send
        </Button>
      </div>
    </form>
  );
}
