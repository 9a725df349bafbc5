import { AppError } from "../errors";

// NUL and unpaired UTF-16 surrogates: PostgreSQL's text and jsonb refuse both ("invalid input
// syntax for type json"), so they are the client's mistake, answered 400 before any route runs
// rather than 500 from whichever query first meets them (issue 10, finding 5).
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is being refused.
const UNSTORABLE = /\u0000|\p{Cs}/u;
const MAX_DEPTH = 64;

/** Where in `value` (a parsed body, query or params) a string the database cannot store sits. */
export function findUnstorableText(value: unknown, at = "", depth = 0): string | null {
  if (typeof value === "string") return UNSTORABLE.test(value) ? at || "/" : null;
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return null;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findUnstorableText(value[index], `${at}/${index}`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (Buffer.isBuffer(value)) return null;
  for (const [key, entry] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) return `${at}/${key.replace(UNSTORABLE, "?")}`;
    const found = findUnstorableText(entry, `${at}/${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Throws 400 `bad_request` naming the first string that has NUL or a lone surrogate. */
export function assertStorableText(parts: Record<string, unknown>): void {
  for (const [part, value] of Object.entries(parts)) {
    const found = findUnstorableText(value);
    if (found) {
      throw new AppError(
        "bad_request",
        `invalid ${part} at ${found}: text must not contain NUL characters or unpaired surrogates`,
      );
    }
  }
}
