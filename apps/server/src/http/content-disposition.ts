/**
 * `Content-Disposition` for a stored file's name (RFC 6266): always both a plain-ASCII
 * `filename="…"` for old clients and the exact name as `filename*=UTF-8''…` (RFC 8187), which
 * every current browser prefers. The ASCII fallback keeps only printable characters that need no
 * escaping (no quote, backslash, percent or semicolon), so no name can break out of the header;
 * paths already refuse CR, LF and other controls, and both forms would encode them anyway.
 */
const UNSAFE_FALLBACK = /[^\x20-\x7e]|["\\%;]/g;

/** Percent-encodes everything outside RFC 8187's attr-char set. */
function encodeExtended(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*!]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function contentDisposition(type: "attachment" | "inline", name: string): string {
  const fallback = name.replace(UNSAFE_FALLBACK, "_").trim() || "download";
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encodeExtended(name)}`;
}
