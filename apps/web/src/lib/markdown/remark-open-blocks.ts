import type { Code, Root } from "mdast";
import type { Math as MathNode } from "mdast-util-math";
import type { VFile } from "vfile";

/**
 * A code fence or `$$` block that reaches the end of the text without its closing line is still
 * being written (the answer is streaming): it renders as plain text, with no highlighter run per
 * delta, no half-formula and no diagram attempt, and renders fully once its closing line arrives.
 *
 * Judged on the parse tree rather than by scanning lines, so a fence inside a list item or a
 * blockquote is found too: the node's own source says whether its last line closes it. A fence
 * that a container ends early (a list item followed by an unindented line) is closed by CommonMark
 * and renders normally; only one reaching the end of the text is open.
 */
export function remarkOpenBlocks() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    const end = source.trimEnd().length;
    const visit = (node: Root | Root["children"][number]) => {
      if (node.type === "code" || node.type === "math") {
        const offsets = node.position;
        const start = offsets?.start.offset;
        const stop = offsets?.end.offset;
        if (start === undefined || stop === undefined || stop < end) return;
        if (!isOpenFence(source.slice(start, stop))) return;
        markOpen(node);
        return;
      }
      if ("children" in node) for (const child of node.children) visit(child as Root["children"][number]);
    };
    visit(tree);
  };
}

const OPENING = /^[ \t]*(`{3,}|~{3,}|\${2,})/;

/**
 * Whether a fenced block's source (from its opening fence to its end) lacks a closing fence. An
 * indented code block (no opening fence) is never open. Container markers (list indentation,
 * blockquote `>`) before the closing fence are ignored.
 */
export function isOpenFence(source: string): boolean {
  const opening = OPENING.exec(source)?.[1];
  if (!opening) return false;
  const lines = source.split("\n");
  if (lines.length < 2) return true;
  const last = (lines.at(-1) ?? "").replace(/^[\s>]*/, "").trimEnd();
  const char = opening[0] ?? "";
  return !(last.length >= opening.length && [...last].every((c) => c === char));
}

/**
 * Marks the block for the renderer and strips the classes rehype-katex looks for, so an open
 * `$$` or ```` ```math ```` block stays source text instead of a half-typed formula.
 */
function markOpen(node: Code | MathNode) {
  const language = node.type === "math" ? "math" : (node.lang ?? "");
  const properties = { className: [], dataOpen: true, dataLanguage: language };
  if (node.type === "code") {
    node.data = { ...node.data, hProperties: properties };
    return;
  }
  // remark-math has already put the `<pre><code class="math-display">` it renders into data.
  node.data = {
    ...node.data,
    hName: "pre",
    hChildren: [
      { type: "element", tagName: "code", properties, children: [{ type: "text", value: node.value }] },
    ],
  };
}
