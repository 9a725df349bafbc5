"use client";

import { memo, useMemo } from "react";
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { cn } from "@/lib/cn";
import { FencedBlock } from "./fenced-block";
import { MarkdownImage } from "./markdown-image";
import { MarkdownLink } from "./markdown-link";
import { remarkMathPlugin, useMathPlugins } from "./math";
import { remarkHtmlAsText } from "./remark-html-as-text";
import { remarkOpenBlocks } from "./remark-open-blocks";
import { splitMarkdownBlocks } from "./split-blocks";

// Every element that can carry a URL goes through the URL policy; nothing else renders raw.
const components: Components = {
  a: ({ href, children }) => <MarkdownLink href={href}>{children}</MarkdownLink>,
  img: ({ src, alt }) => <MarkdownImage src={typeof src === "string" ? src : undefined} alt={alt} />,
  pre: ({ node }) => <FencedBlock node={node} />,
  table: ({ children }) => (
    <div className="my-3 overflow-x-auto">
      <table>{children}</table>
    </div>
  ),
};

const remarkPlugins = [remarkGfm, remarkMathPlugin, remarkHtmlAsText];
// Only the last block can still be streaming; a fence in an earlier one that lacks its closing line
// was ended by its container (a list item followed by unindented text) and is complete.
const lastBlockPlugins = [...remarkPlugins, remarkOpenBlocks];
// URLs reach the components untouched, so the policy (not react-markdown's default filter, which
// would also drop `workspace://`) decides what each one becomes.
const keepUrl = (url: string) => url;

const MarkdownBlock = memo(function MarkdownBlock({ text, last }: { text: string; last: boolean }) {
  const rehypePlugins = useMathPlugins(text);
  return (
    <Markdown
      remarkPlugins={last ? lastBlockPlugins : remarkPlugins}
      rehypePlugins={rehypePlugins}
      components={components}
      urlTransform={keepUrl}
    >
      {text}
    </Markdown>
  );
});

const markdownClass = cn(
  "min-w-0 break-words text-sm leading-relaxed",
  "[&_p]:my-2 [&>:first-child]:mt-0 [&>:last-child]:mb-0",
  "[&_h1]:mt-5 [&_h1]:mb-2 [&_h1]:font-semibold [&_h1]:text-xl",
  "[&_h2]:mt-5 [&_h2]:mb-2 [&_h2]:font-semibold [&_h2]:text-lg",
  "[&_h3]:mt-4 [&_h3]:mb-1.5 [&_h3]:font-semibold [&_h3]:text-base",
  "[&_h4]:mt-3 [&_h4]:mb-1 [&_h4]:font-semibold",
  "[&_ul]:my-2 [&_ul]:list-disc [&_ul]:pl-6 [&_ol]:my-2 [&_ol]:list-decimal [&_ol]:pl-6 [&_li]:my-0.5",
  "[&_blockquote]:my-3 [&_blockquote]:border-l-2 [&_blockquote]:pl-3 [&_blockquote]:text-muted-foreground",
  "[&_hr]:my-4",
  "[&_table]:w-full [&_table]:border-collapse [&_table]:text-left",
  "[&_th]:border [&_th]:bg-muted [&_th]:px-2 [&_th]:py-1 [&_td]:border [&_td]:px-2 [&_td]:py-1",
  "[&_:not(pre)>code]:rounded-sm [&_:not(pre)>code]:bg-muted [&_:not(pre)>code]:px-1 [&_:not(pre)>code]:py-0.5 [&_:not(pre)>code]:font-mono [&_:not(pre)>code]:text-[0.9em]",
);

/**
 * Markdown written by the model, rendered safely (GFM; raw HTML shown as text; links and images
 * through the URL policy), with highlighted code, `$$` math and mermaid diagrams, each loaded the
 * first time a message needs it. A fence or `$$` block still being streamed stays plain text until
 * its closing line arrives (remark-open-blocks.ts). The text is split into blocks rendered one by one and memoised, so a
 * streaming answer re-parses only its last block on each delta.
 */
export function SafeMarkdown({
  text,
  className,
  streaming = true,
}: {
  text: string;
  className?: string;
  /** More text may still come (the default); false once the answer has ended, so nothing stays open. */
  streaming?: boolean;
}) {
  const blocks = useMemo(() => splitMarkdownBlocks(text), [text]);
  return (
    <div data-slot="markdown" className={cn(markdownClass, className)}>
      {blocks.map((block, index) => (
        // Blocks only ever grow at the end, so the index is a stable identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above.
        <MarkdownBlock key={index} text={block} last={streaming && index === blocks.length - 1} />
      ))}
    </div>
  );
}
