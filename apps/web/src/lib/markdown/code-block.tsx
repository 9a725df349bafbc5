"use client";

import { useRef } from "react";
import { CopyButton } from "@/components/ui/copy-button";

/** A fenced code block with its language and a copy button; the text is read from the DOM on click. */
export function CodeBlock({ language, children }: { language: string | null; children: React.ReactNode }) {
  const ref = useRef<HTMLPreElement>(null);
  return (
    <div data-slot="code-block" className="my-3 overflow-hidden rounded-md border bg-muted/50">
      <div className="flex items-center justify-between border-b px-3 py-1">
        <span className="font-mono text-muted-foreground text-xs">{language ?? "text"}</span>
        <CopyButton text={() => ref.current?.textContent ?? ""} label="Copy code" />
      </div>
      <pre ref={ref} className="overflow-x-auto p-3 font-mono text-[13px] leading-relaxed">
        {children}
      </pre>
    </div>
  );
}
