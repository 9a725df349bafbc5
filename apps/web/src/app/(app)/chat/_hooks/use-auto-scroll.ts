"use client";

import { useCallback, useEffect, useRef, useState } from "react";

// Within this many pixels of the end counts as "at the bottom" (rounding, a last line half shown).
const AT_BOTTOM_PX = 48;

/**
 * Follows new content while the reader is at the bottom of the conversation, and stops following
 * the moment they scroll up to read; `jumpToLatest` brings them back and follows again.
 */
export function useAutoScroll<T extends HTMLElement, C extends HTMLElement>() {
  const containerRef = useRef<T>(null);
  const contentRef = useRef<C>(null);
  const following = useRef(true);
  const [atBottom, setAtBottom] = useState(true);

  const scrollToEnd = useCallback(() => {
    const container = containerRef.current;
    if (container) container.scrollTop = container.scrollHeight;
  }, []);

  useEffect(() => {
    const container = containerRef.current;
    const content = contentRef.current;
    if (!container || !content) return;
    const onScroll = () => {
      const distance = container.scrollHeight - container.scrollTop - container.clientHeight;
      const bottom = distance <= AT_BOTTOM_PX;
      following.current = bottom;
      setAtBottom(bottom);
    };
    // Content grows (a streamed word, an image that loaded): keep the end in view if following.
    const observer = new ResizeObserver(() => {
      if (following.current) scrollToEnd();
      else onScroll();
    });
    observer.observe(content);
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
