"use client";

import { Fragment, useEffect, useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { type CodeLanguage, codeLanguage } from "./code-languages";
import { cachedHighlight, type HighlightedCode, highlight } from "./highlighter";

/**
 * A fenced code block with its language and a copy button (which copies the code as written).
 * The code shows as plain text at once and is coloured when the highlighter has it; both render
 * the same characters in the same <pre>, so nothing moves. A fence still open (`open`, the answer
 * is streaming) is never sent to the highlighter: it would re-run on every delta.
 */
export function CodeBlock({
  code,
  language,
  open = false,
  children,
}: {
  code: string;
  language: string | null;
  open?: boolean;
  /** Shown under the code (a note about it). */
  children?: React.ReactNode;
}) {
  const tokens = useHighlight(code, open ? null : codeLanguage(language));
  return (
    <div data-slot="code-block" className="my-3 overflow-hidden rounded-md border bg-muted/50">
      <div className="flex items-center justify-between border-b px-3 py-1">
        <span className="font-mono text-muted-foreground text-xs">{language || "text"}</span>
        <CopyButton text={code} label="Copy code" />
      </div>
      <pre
        data-open={open ? "" : undefined}
        data-highlighted={tokens ? "" : undefined}
        className="overflow-x-auto p-3 font-mono text-[13px] leading-relaxed"
      >
        <code>{tokens ? <Tokens lines={tokens} /> : code}</code>
      </pre>
      {children}
    </div>
  );
}

function Tokens({ lines }: { lines: HighlightedCode }) {
  return lines.map((line, index) => (
    // Lines and tokens never move within one highlighted text.
    // biome-ignore lint/suspicious/noArrayIndexKey: see above.
    <Fragment key={index}>
      {index > 0 && "\n"}
      {line.map((token, position) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: see above.
        <span key={position} style={token.style as React.CSSProperties}>
          {token.content}
        </span>
      ))}
    </Fragment>
  ));
}

function useHighlight(code: string, language: CodeLanguage | null): HighlightedCode | null {
  const cached = language ? cachedHighlight(code, language) : null;
  const [, setReady] = useState(0);
  useEffect(() => {
    if (!language || cached) return;
    let live = true;
    highlight(code, language).then(
      // The result is in the highlighter's cache now; re-render to read it.
      () => live && setReady((count) => count + 1),
      // No grammar or no chunk: the code stays plain, which is still correct.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [code, language, cached]);
  return cached;
}
