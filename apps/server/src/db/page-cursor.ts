import { AppError } from "../errors";

/**
 * Opaque keyset cursors for `?cursor=`: the sort key of the last row served, base64url JSON.
 * Clients cannot forge a position they could not have reached by paging (rows are still
 * filtered by owner), and a malformed cursor is `invalid_cursor`.
 */
export type PageKey = { at: string; id: string };

function encodeCursor(key: PageKey): string {
  return Buffer.from(JSON.stringify([key.at, key.id])).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): PageKey | null {
  if (cursor === undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === "string" &&
      typeof value[1] === "string"
    ) {
      if (!Number.isNaN(Date.parse(value[0]))) return { at: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  throw new AppError("invalid_cursor", "cursor is malformed");
}

/** Fetch `limit + 1` rows; this trims the extra one and makes the next cursor from the last kept. */
export function pageOf<Row, Item>(
  rows: Row[],
  limit: number,
  key: (row: Row) => PageKey,
  toItem: (row: Row) => Item,
): { items: Item[]; next_cursor: string | null } {
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  return {
    items: kept.map(toItem),
    next_cursor: rows.length > limit && last ? encodeCursor(key(last)) : null,
  };
}
