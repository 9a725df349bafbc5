"use client";

import { useEffect, useEffectEvent, useRef } from "react";
import { Button } from "@/components/ui/button";

/**
 * The next page loads when this comes within a screen of view (infinite scroll), or on the button,
 * which also serves keyboard users and browsers without IntersectionObserver.
 */
export function LoadMore({
  loading,
  onLoad,
  loadedCount,
}: {
  loading: boolean;
  onLoad(): void;
  loadedCount: number;
}) {
  const sentinel = useRef<HTMLDivElement>(null);
  // The latest callback, without re-creating the observer on every render.
  const loadWhenVisible = useEffectEvent(onLoad);

  useEffect(() => {
    const node = sentinel.current;
    if (!node || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) loadWhenVisible();
      },
      { rootMargin: "0px 0px 600px 0px" },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={sentinel} className="flex flex-col items-center gap-1 py-4">
      <Button variant="outline" size="sm" disabled={loading} onClick={onLoad}>
        {loading ? "Loading…" : "Load more files"}
      </Button>
      <p className="text-muted-foreground text-xs">
        {loadedCount.toLocaleString("en-US")} loaded so far; sorting and folders cover what is loaded.
      </p>
    </div>
  );
}
