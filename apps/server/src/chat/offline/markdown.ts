/** Small markdown builders for the offline model's summaries; each keeps user text from breaking out. */

const longestRun = (text: string, char: string) =>
  Math.max(0, ...Array.from(text.matchAll(new RegExp(`${char}+`, "g")), (match) => match[0].length));

/** Inline code that survives backticks in the text (CommonMark: a longer fence, padded). */
export function code(text: string): string {
  const ticks = "`".repeat(longestRun(text, "`") + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A fenced block whose fence is longer than any backtick run inside. */
export function fenced(text: string, language = ""): string {
  const ticks = "`".repeat(Math.max(3, longestRun(text, "`") + 1));
  return `${ticks}${language}\n${text}\n${ticks}`;
}

/** At most `maxLines` lines and `maxChars` characters, with how many lines were left out. */
export function clipLines(
  text: string,
  maxLines = 40,
  maxChars = 4_000,
): { text: string; omittedLines: number } {
  const lines = text.replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");
  let kept = lines.slice(0, maxLines).join("\n");
  if (kept.length > maxChars) kept = `${kept.slice(0, maxChars)}…`;
  const keptLines = kept.split("\n").length;
  return { text: kept, omittedLines: Math.max(0, lines.length - keptLines) };
}

export function image(alt: string, url: string): string {
  const safeAlt =
    alt
      .replace(/[\\[\]]/g, "\\$&")
      .replace(/\s+/g, " ")
      .trim() || "image";
  // Angle brackets let a destination contain spaces or parentheses without ending early.
  const safeUrl = /[\s()<>]/.test(url) ? `<${url.replace(/[<>\s]/g, encodeURIComponent)}>` : url;
  return `![${safeAlt}](${safeUrl})`;
}
