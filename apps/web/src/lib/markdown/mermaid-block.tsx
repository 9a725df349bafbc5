"use client";

import { useEffect, useRef, useState } from "react";
import { CodeBlock } from "./code-block";
import { type MermaidResult, renderMermaid } from "./render-mermaid";
import { useColorScheme } from "./use-color-scheme";

/**
 * A ```` ```mermaid ```` fence drawn as a diagram, in the page's light or dark theme. Until the
 * fence is closed, and while mermaid loads and draws, it is the plain code block; a diagram that
 * does not parse stays code, with a note saying why.
 */
export function MermaidBlock({ code, open }: { code: string; open: boolean }) {
  const scheme = useColorScheme();
  const [result, setResult] = useState<{ key: string; value: MermaidResult } | null>(null);
  const key = `${scheme}\u0000${code}`;
  const current = result?.key === key ? result.value : null;

  useEffect(() => {
    if (open) return;
    let live = true;
    renderMermaid(code, scheme).then(
      (value) => live && setResult({ key, value }),
      // Mermaid itself did not load: the code stays plain, which is still correct.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [code, scheme, open, key]);

  if (current?.kind === "drawn") return <Diagram svg={current.svg} />;
  return (
    <CodeBlock code={code} language="mermaid" open={open}>
      {current?.kind === "failed" && (
        <p data-slot="mermaid-error" className="border-t px-3 py-1.5 text-muted-foreground text-xs">
          Not drawn: {firstLine(current.message)}
        </p>
      )}
    </CodeBlock>
  );
}

function Diagram({ svg }: { svg: SVGSVGElement }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // A clone of the sanitised node, never its markup (render-mermaid.ts says why).
    ref.current?.replaceChildren(svg.cloneNode(true));
  }, [svg]);
  return (
    <div
      ref={ref}
      data-slot="mermaid"
      className="my-3 flex justify-center overflow-x-auto rounded-md border bg-muted/50 p-3 [&_svg]:h-auto [&_svg]:max-w-full"
    />
  );
}

const firstLine = (message: string) => {
  const line = message.split("\n").find((part) => part.trim() !== "") ?? "syntax error";
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
};
