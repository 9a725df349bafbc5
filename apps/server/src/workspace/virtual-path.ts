import { AppError } from "../errors";

/**
 * Canonical virtual paths (docs/design.md §7): `/`-separated, absolute, NFC. They name files in the
 * database only; storage keys never contain them. Input is taken literally: nothing is
 * percent-decoded here (a query string was decoded once by the HTTP layer), so `%2e%2e` is a
 * four-character name, never a parent folder.
 */
const MAX_NAME_BYTES = 255;
const MAX_PATH_BYTES = 1024;
const MAX_DEPTH = 32;

export type PathResult = { ok: true; path: string } | { ok: false; reason: string };

// C0, DEL and C1 controls; bidi embeddings, overrides, isolates and marks (they make a name display
// differently from what it is); line/paragraph separators; BOM and zero-width no-break space.
// Default-ignorable code points (zero-width space/joiner, soft hyphen, variation selectors, tags…)
// render as nothing, so `..\u200b` looks like `..` (issue 10, finding 8). That also refuses emoji
// sequences built with ZWJ or U+FE0F: a look-alike name costs more than a plain emoji.
const FORBIDDEN =
  /[\p{Cc}\p{Default_Ignorable_Code_Point}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/u;

// With the `u` flag surrogate pairs are one code point, so this matches only unpaired halves.
const LONE_SURROGATE = /\p{Cs}/u;

/** `.` and `..`, also spelled with look-alikes that a compatibility mapping turns into dots. */
function isDotSegment(segment: string): boolean {
  const folded = segment.normalize("NFKC");
  return folded === "." || folded === "..";
}

function segmentProblem(segment: string): string | null {
  if (segment === "") return "empty segment (leading, trailing or doubled '/')";
  if (isDotSegment(segment)) return `'${segment}' segments are not allowed`;
  if (segment.trim() === "") return "a name cannot be only spaces";
  if (Buffer.byteLength(segment) > MAX_NAME_BYTES) return `a name is longer than ${MAX_NAME_BYTES} bytes`;
  return null;
}

/**
 * `input` as a canonical absolute path. A relative input resolves under `base` (a folder path
 * ending in `/`); without one it resolves under the root.
 */
export function canonicalPath(input: string, base = "/"): PathResult {
  if (LONE_SURROGATE.test(input)) return { ok: false, reason: "the path is not valid Unicode" };
  const normalized = input.normalize("NFC");
  if (normalized === "") return { ok: false, reason: "the path is empty" };
  if (normalized.includes("\\")) return { ok: false, reason: "backslashes are not allowed" };
  const forbidden = FORBIDDEN.exec(normalized);
  if (forbidden) {
    const code = forbidden[0].codePointAt(0)?.toString(16).padStart(4, "0");
    return {
      ok: false,
      reason: `control, direction or invisible character U+${code?.toUpperCase()} in the path`,
    };
  }
  const full = normalized.startsWith("/") ? normalized : `${base}${normalized}`;
  const segments = full.slice(1).split("/");
  if (segments.length > MAX_DEPTH) return { ok: false, reason: `more than ${MAX_DEPTH} folders deep` };
  for (const segment of segments) {
    const problem = segmentProblem(segment);
    if (problem) return { ok: false, reason: problem };
  }
  if (Buffer.byteLength(full) > MAX_PATH_BYTES) {
    return { ok: false, reason: `the path is longer than ${MAX_PATH_BYTES} bytes` };
  }
  return { ok: true, path: full };
}

/** Like `canonicalPath`, but an invalid path is an `invalid_path` error. */
export function resolvePath(input: string, base?: string): string {
  const result = canonicalPath(input, base);
  if (!result.ok) throw new AppError("invalid_path", `invalid path: ${result.reason}`);
  return result.path;
}

/**
 * A list filter: a plain prefix of canonical paths (`/docs/` or `/docs/re`). Relative prefixes
 * resolve under `base`. It only narrows the caller's own files, so it is normalised, not validated.
 */
export function canonicalPrefix(input: string | undefined, base = "/"): string {
  if (input === undefined || input === "") return base;
  const normalized = input.normalize("NFC");
  return normalized.startsWith("/") ? normalized : `${base}${normalized}`;
}

/** The last segment: the display name of the file at `path`. */
export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
