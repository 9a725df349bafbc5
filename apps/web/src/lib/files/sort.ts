import type { Entry } from "./entries";
import { describeType } from "./format";

const sortKeys = ["name", "size", "type", "modified"] as const;
export type SortKey = (typeof sortKeys)[number];
type SortDirection = "asc" | "desc";
export type SortState = { key: SortKey; direction: SortDirection };

/** The server lists newest first; showing that order by default means no reshuffle on load. */
export const DEFAULT_SORT: SortState = { key: "modified", direction: "desc" };

// Numeric collation: "file2" before "file10", as every file manager does.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

const sizeOf = (entry: Entry) => (entry.kind === "folder" ? entry.sizeBytes : entry.file.size_bytes);
const modifiedOf = (entry: Entry) => (entry.kind === "folder" ? entry.updatedAt : entry.file.updated_at);
const typeOf = (entry: Entry) => (entry.kind === "folder" ? "Folder" : describeType(entry.file.mime_type));

function compareBy(key: SortKey, a: Entry, b: Entry): number {
  switch (key) {
    case "name":
      return collator.compare(a.name, b.name);
    case "size":
      return sizeOf(a) - sizeOf(b);
    case "type":
      return collator.compare(typeOf(a), typeOf(b));
    case "modified":
      // ISO 8601 timestamps in UTC order correctly as strings.
      return modifiedOf(a) < modifiedOf(b) ? -1 : modifiedOf(a) > modifiedOf(b) ? 1 : 0;
  }
}

/**
 * A total order for table rows: folders before files whatever the direction (as file managers do),
 * then the chosen column, then name and key so equal values never swap places between renders.
 */
export function compareEntries(sort: SortState): (a: Entry, b: Entry) => number {
  const sign = sort.direction === "asc" ? 1 : -1;
  return (a, b) => {
    if (a.kind !== b.kind) return a.kind === "folder" ? -1 : 1;
    const primary = compareBy(sort.key, a, b) * sign;
    if (primary !== 0) return primary;
    const byName = collator.compare(a.name, b.name);
    if (byName !== 0) return byName;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  };
}

/** Clicking a column: the same column flips direction; a new one starts at its natural order. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) return { key, direction: current.direction === "asc" ? "desc" : "asc" };
  // Newest and largest first are what people look for; names and types read A→Z.
  return { key, direction: key === "modified" || key === "size" ? "desc" : "asc" };
}
