import type { MessageVersions } from "@copilot/protocol";

/** What the tree needs of a message row (`chat_messages`). */
export type TreeNode = { id: string; parentId: string | null; seq: number; selectedAt: Date };

/**
 * A session's messages as the tree they form (schema.ts, `chatMessages`): versions of one place
 * share a parent; at each fork the most recently selected one is shown. Pure: rows in, paths out.
 */
export type Conversation<T extends TreeNode> = {
  /** The branch shown: from the start, at each fork the most recently selected version. */
  shown(): T[];
  /** `id` and the messages before it, oldest first (what a turn answering after `id` sees). */
  pathTo(id: string | null): T[];
  /** For each message of `path` that has other versions: its place among them. */
  versions(path: readonly T[]): Record<string, MessageVersions>;
  get(id: string): T | undefined;
};

export function conversationOf<T extends TreeNode>(rows: readonly T[]): Conversation<T> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const children = new Map<string | null, T[]>();
  for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
    // A parent that is not (or no longer) in the session starts a branch of its own.
    const parent = row.parentId !== null && byId.has(row.parentId) ? row.parentId : null;
    const siblings = children.get(parent);
    if (siblings) siblings.push(row);
    else children.set(parent, [row]);
  }
  const chosen = (siblings: readonly T[]): T | undefined =>
    siblings.reduce<T | undefined>(
      (best, row) =>
        best === undefined ||
        row.selectedAt.getTime() > best.selectedAt.getTime() ||
        (row.selectedAt.getTime() === best.selectedAt.getTime() && row.seq > best.seq)
          ? row
          : best,
      undefined,
    );
  const parentOf = (row: T) => (row.parentId !== null && byId.has(row.parentId) ? row.parentId : null);

  return {
    shown() {
      const path: T[] = [];
      const seen = new Set<string>();
      let next = chosen(children.get(null) ?? []);
      while (next && !seen.has(next.id)) {
        seen.add(next.id);
        path.push(next);
        next = chosen(children.get(next.id) ?? []);
      }
      return path;
    },
    pathTo(id) {
      const path: T[] = [];
      const seen = new Set<string>();
      let at = id === null ? undefined : byId.get(id);
      while (at && !seen.has(at.id)) {
        seen.add(at.id);
        path.push(at);
        const parent = parentOf(at);
        at = parent === null ? undefined : byId.get(parent);
      }
      return path.reverse();
    },
    versions(path) {
      const found: Record<string, MessageVersions> = {};
      for (const row of path) {
        const siblings = children.get(parentOf(row)) ?? [];
        if (siblings.length < 2) continue;
        const index = siblings.indexOf(row);
        found[row.id] = {
          index: index + 1,
          count: siblings.length,
          previous: siblings[index - 1]?.id ?? null,
          next: siblings[index + 1]?.id ?? null,
        };
      }
      return found;
    },
    get: (id) => byId.get(id),
  };
}
