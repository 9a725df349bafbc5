const MAX_TITLE = 60;

/**
 * A chat's title from its first message, as plain text: the list shows titles verbatim, so
 * markdown syntax (`**bold**`, `# heading`, links, fences) would show as punctuation.
 */
export function plainTitle(message: string, fallback: string): string {
  const text = message
    .replace(/^\s*(```|~~~).*$/gm, " ") // fence lines; the code inside is kept
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1") // images → alt text
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1") // links → their text
    .replace(/<[^>\n]+>/g, " ") // raw HTML tags and autolinks
    .replace(/^\s{0,3}(#{1,6}|>+|[-*+]|\d+[.)])\s+/gm, "") // headings, quotes, list markers
    .replace(/(\*\*|~~|\*|`+)(?=\S)([^\n]*?\S)\1/g, "$2") // emphasis, strike, inline code
    .replace(/(?<!\w)(__|_)(?=\S)([^\n]*?\S)\1(?!\w)/g, "$2") // _emphasis_, never snake_case
    .replace(/\s+/g, " ")
    .trim();
  const chars = Array.from(text);
  if (chars.length === 0) return fallback;
  return chars.length > MAX_TITLE
    ? `${chars
        .slice(0, MAX_TITLE - 3)
        .join("")
        .trimEnd()}…`
    : text;
}

/** What a new chat is titled after: the message's words, or its first attachment's name. */
export function titleSource(
  message: { parts: ReadonlyArray<{ type: string; filename?: unknown }> },
  text: string,
): string {
  if (text.trim()) return text;
  const file = message.parts.find((part) => part.type === "file" && typeof part.filename === "string");
  return typeof file?.filename === "string" ? file.filename : text;
}
