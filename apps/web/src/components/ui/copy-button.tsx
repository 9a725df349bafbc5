"use client";

import { CheckIcon, CopyIcon } from "@phosphor-icons/react";
import { useEffect, useState } from "react";
import { cn } from "@/lib/cn";
import { Button } from "./button";

/**
 * Copies text to the clipboard and says so for two seconds. `text` may be a function, so a code
 * block can read its rendered text at click time instead of on every render.
 */
export function CopyButton({
  text,
  label = "Copy",
  className,
}: {
  text: string | (() => string);
  label?: string;
  className?: string;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(typeof text === "function" ? text() : text);
      setState("copied");
    } catch {
      // No clipboard permission (or an insecure origin): say so rather than pretend.
      setState("failed");
    }
  }

  const spoken = state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label;
  return (
    <Button
      variant="ghost"
      size="sm"
      onClick={copy}
      title={spoken}
      className={cn("h-7 gap-1.5 px-2 text-muted-foreground", className)}
    >
      {state === "copied" ? (
        <CheckIcon aria-hidden="true" className="size-3.5" />
      ) : (
        <CopyIcon aria-hidden="true" className="size-3.5" />
      )}
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Failed" : label}</span>
    </Button>
  );
}
