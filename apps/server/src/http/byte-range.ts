import type { ByteRange } from "../workspace/stores/file-store";

/**
 * One `Range: bytes=…` header against a representation of `size` bytes (RFC 9110 §14). Multiple
 * ranges and anything malformed are ignored (the whole file is served, as the RFC allows); a
 * range that starts past the end is unsatisfiable (416).
 */
export type RangeDecision =
  | { kind: "full" }
  | { kind: "partial"; range: ByteRange }
  | { kind: "unsatisfiable" };

const SINGLE = /^bytes=(\d*)-(\d*)$/;

export function decideRange(header: string | undefined, size: number): RangeDecision {
  if (header === undefined) return { kind: "full" };
  const match = SINGLE.exec(header.trim());
  if (!match) return { kind: "full" };
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return { kind: "full" };
  if (first === "") {
    // A suffix: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", range: { start: Math.max(0, size - length), end: size - 1 } };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return { kind: "full" }; // syntactically invalid: ignored
  if (start >= size) return { kind: "unsatisfiable" };
  const end = last === "" ? size - 1 : Number(last);
  return { kind: "partial", range: { start, end: Math.min(end, size - 1) } };
}

/**
 * Whether `If-None-Match` (a list of entity tags, weak ones compared weakly, or `*`) matches
 * `etag`, meaning the client's copy is current (304).
 */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}
