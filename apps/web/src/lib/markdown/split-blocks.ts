/**
 * Splits markdown into top-level blocks at blank lines outside code fences and `$$` math blocks, so a streaming message
 * re-parses only its last block per delta instead of the whole text (a 1,500-word answer arrives
 * in as many deltas). Rendering the blocks one after another gives the same elements as rendering
 * the whole text, except where markdown links blocks together; those cases keep one block:
 * reference definitions (`[x]: url`) and footnotes make the whole text one block, and a blank line
 * inside a list or before an indented continuation does not split.
 */
// A `$$` math block opens like a fence (micromark-extension-math: no `$` may follow on the line,
// else it is inline math such as `$$x$$`) and, like a fence, may hold blank lines.
const FENCE = /^ {0,3}(`{3,}|~{3,}|\${2,}(?=[^$]*$))/;
const CLOSING = /^(`+|~+|\$+)$/;
const LIST_ITEM = /^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:\s|$)/;
const DEFINITION = /^ {0,3}\[[^\]]+\]:/m;

export function splitMarkdownBlocks(text: string): string[] {
  if (DEFINITION.test(text)) return [text];
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | null = null;
  let blankBefore = false;
  let inList = false;

  const flush = () => {
    while (current.length > 0 && current.at(-1)?.trim() === "") current.pop();
    if (current.length > 0) blocks.push(current.join("\n"));
    current = [];
  };

  for (const line of text.split("\n")) {
    if (fence !== null) {
      current.push(line);
      const closing = line.trim();
      if (closing.startsWith(fence) && CLOSING.test(closing)) fence = null;
      continue;
    }
    if (line.trim() === "") {
      blankBefore = current.length > 0;
      current.push(line);
      continue;
    }
    const continues = /^\s/.test(line) || (inList && LIST_ITEM.test(line));
    if (blankBefore && !continues) {
      flush();
      inList = false;
    }
    blankBefore = false;
    if (LIST_ITEM.test(line)) inList = true;
    const opened = FENCE.exec(line);
    if (opened?.[1]) fence = opened[1][0]?.repeat(opened[1].length) ?? null;
    current.push(line);
  }
  flush();
  return blocks;
}
