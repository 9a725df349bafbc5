import type { ListWorkspaceFilesInput, ListWorkspaceFilesOutput, WorkspaceFile } from "@copilot/protocol";
import { toToolFile } from "./tool-file";
import { canonicalPrefix } from "./virtual-path";
import type { Caller, WorkspaceFiles } from "./workspace-files";

/**
 * `list_workspace_files` (docs/api.md §7): the user's whole workspace unless narrowed, the current
 * chat's folder first, so what the assistant sees is what the Files page shows — a file the user
 * uploaded a minute ago is never hidden behind "this chat has no files".
 */
export async function listForTool(
  files: WorkspaceFiles,
  caller: Caller,
  input: ListWorkspaceFilesInput,
): Promise<ListWorkspaceFilesOutput> {
  const limit = input.limit ?? 50;
  const chatFolder = await files.chatFolder(caller);
  const answer = (prefix: string, items: WorkspaceFile[], truncated: boolean) => ({
    files: items.map(toToolFile),
    prefix,
    chat_folder: chatFolder,
    truncated,
  });
  if (input.path_prefix !== undefined || input.scope === "session") {
    const prefix =
      input.path_prefix !== undefined ? canonicalPrefix(input.path_prefix, "/") : (chatFolder ?? "/");
    if (input.path_prefix === undefined && !chatFolder) return answer(prefix, [], false);
    const page = await files.list(caller, { prefix, limit });
    return answer(prefix, page.items, page.next_cursor !== null);
  }
  const ownPage = chatFolder ? await files.list(caller, { prefix: chatFolder, limit }) : null;
  const allPage = await files.list(caller, { prefix: "/", limit });
  const own = ownPage?.items ?? [];
  const ownIds = new Set(own.map((file) => file.id));
  const merged = [...own, ...allPage.items.filter((file) => !ownIds.has(file.id))];
  const truncated = merged.length > limit || allPage.next_cursor !== null;
  return answer("/", merged.slice(0, limit), truncated);
}
