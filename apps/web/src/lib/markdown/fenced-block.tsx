import type { Element, ElementContent } from "hast";
import { CodeBlock } from "./code-block";
import { MermaidBlock } from "./mermaid-block";

/**
 * What a markdown `<pre>` becomes: a mermaid diagram, display math not yet typeset (KaTeX still
 * loading, or the `$$` block still open), or a code block. Read from the hast node rather than the
 * rendered children, so the code is the text as written and the flags set by remarkOpenBlocks
 * (open-blocks.ts) are at hand.
 */
export function FencedBlock({ node }: { node: Element | undefined }) {
  const code = node?.children.find((child): child is Element => child.type === "element");
  const classes = classNames(code);
  const text = textOf(code).replace(/\n$/, "");
  const open = code?.properties.dataOpen === true;
  const language = open
    ? String(code?.properties.dataLanguage ?? "") || null
    : (classes.find((name) => name.startsWith("language-"))?.slice("language-".length) ?? null);

  if (language === "math") return <MathSource text={text} />;
  if (language === "mermaid") return <MermaidBlock code={text} open={open} />;
  return <CodeBlock code={text} language={language} open={open} />;
}

/** Display math as its source, until KaTeX has typeset it (or while its `$$` block is open). */
function MathSource({ text }: { text: string }) {
  return (
    <pre data-slot="math-source" className="my-3 overflow-x-auto whitespace-pre-wrap font-mono text-[13px]">
      {text}
    </pre>
  );
}

function classNames(element: Element | undefined): string[] {
  const value = element?.properties.className;
  return Array.isArray(value) ? value.map(String) : [];
}

function textOf(node: ElementContent | undefined): string {
  if (!node) return "";
  if (node.type === "text") return node.value;
  return node.type === "element" ? node.children.map(textOf).join("") : "";
}
