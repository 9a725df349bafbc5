import type { FileStore } from "./stores/file-store";
import { userKeyPrefix } from "./workspace-env";

/**
 * Deletes every blob under a user's key folder. Run after the user's rows are gone (account
 * deletion): an upload still in flight then fails at commit, and anything it left is an orphan
 * for `gc`.
 */
export async function deleteUserBlobs(store: FileStore, userId: string): Promise<number> {
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const page = await store.list(userKeyPrefix(userId), { cursor });
    for (const item of page.items) await store.delete(item.key);
    deleted += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return deleted;
}
