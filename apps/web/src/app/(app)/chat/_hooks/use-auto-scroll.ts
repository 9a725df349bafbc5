"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { keepFollowing, type ScrollFrame } from "../_lib/follow";

const frameOf = (container: HTMLElement): ScrollFrame => ({
  top: container.scrollTop,
  height: container.scrollHeight,
  clientHeight: container.clientHeight,
});

/**
 * Follows new content while the reader is at the bottom of the conversation, and stops following
 * only when they scroll up to read (`keepFollowing`); `jumpToLatest` brings them back and follows
 * again — also what sending a message does, so the new message is always in view.
 *
 * Not `use-stick-to-bottom`: its spring animation and its own resize handling would replace these
 * 60 lines without fixing anything they get wrong, and the rule that matters (only the reader moving
 * up stops following) is the pure function above, tested on its own.
 */
export function useAutoScroll<T extends HTMLElement, C extends HTMLElement>() {
  const containerRef = useRef<T>(null);
  const contentRef = useRef<C>(null);
  const following = useRef(true);
  const lastFrame = useRef<ScrollFrame | null>(null);
  const [atBottom, setAtBottom] = useState(true);

  const scrollToEnd = useCallback(() => {
    const container = containerRef.current;
    if (!container) return;
    container.scrollTop = container.scrollHeight;
    lastFrame.current = frameOf(container);
  }, []);

  useEffect(() => {
    const container = containerRef.current;
    const content = contentRef.current;
    if (!container || !content) return;
    const onScroll = () => {
      const frame = frameOf(container);
      following.current = keepFollowing(following.current, lastFrame.current, frame);
      lastFrame.current = frame;
      setAtBottom(following.current);
    };
    // Content grows (a streamed word, an image that loaded) or the scroller itself changes size (the
    // composer grows, a phone's keyboard): keep the end in view if following, and keep the last frame
    // current so the next scroll is compared with what the reader saw.
    const observer = new ResizeObserver(() => {
      if (following.current) scrollToEnd();
      else onScroll();
    });
    observer.observe(content);
    observer.observe(container);
    container.addEventListener("scroll", onScroll, { passive: true });
    scrollToEnd();
    return () => {
      observer.disconnect();
      container.removeEventListener("scroll", onScroll);
    };
  }, [scrollToEnd]);

  const jumpToLatest = useCallback(() => {
    following.current = true;
    setAtBottom(true);
    scrollToEnd();
  }, [scrollToEnd]);

  return { containerRef, contentRef, atBottom, jumpToLatest };
}
