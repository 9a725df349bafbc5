"use client";

import { useEffect, useRef, useState } from "react";

/**
 * What a screen reader hears about an answer: that it started and that it finished, once each.
 * The transcript (`role="log"`) is `aria-busy` while an answer streams, so the tokens themselves are
 * not read one by one; this status region carries the two moments instead.
 */
export function AnswerAnnouncer({ busy }: { busy: boolean }) {
  const [text, setText] = useState("");
  // Not busy before mount: a page opened (or reached from a new chat) mid-answer says so too.
  const wasBusy = useRef(false);
  useEffect(() => {
    if (busy && !wasBusy.current) setText("The assistant is answering.");
    if (!busy && wasBusy.current) setText("The answer is complete.");
    wasBusy.current = busy;
  }, [busy]);
  return (
    <p role="status" aria-live="polite" className="sr-only" data-testid="answer-announcer">
      {text}
    </p>
  );
}
