/** XML 1.0 `Char`: one forbidden character (a C0 control, a lone surrogate) makes a document unparsable. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    code >= 0x10000
  );
}

const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** User text for SVG text nodes and attribute values: forbidden characters dropped, markup escaped. */
export function escapeXml(text: string): string {
  let out = "";
  // `for…of` walks code points, so a valid surrogate pair arrives whole and a lone one alone.
  for (const char of text) {
    if (!isXmlChar(char.codePointAt(0) ?? 0)) continue;
    out += entities[char] ?? char;
  }
  return out;
}
