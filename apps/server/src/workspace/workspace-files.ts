import type { Readable } from "node:stream";
import type { ListedFile, Page, TrashedFile, WorkspaceFile, WorkspaceUsage } from "@copilot/protocol";
import { notFound } from "../errors";
import { ensureChatFolder, findChatFolder } from "./chat-folder";
import { collectGarbage, type GcOptions, type GcReport } from "./gc";
import { listFiles } from "./list-files";
import { listTrash } from "./list-trash";
import { purgeTrashOf } from "./purge";
import type { ByteRange } from "./stores/file-store";
import { type FileTarget, findTarget } from "./targets";
import { purgeDate, restoreFile, trashFile } from "./trash";
import { type UploadRequest, uploadFile } from "./upload/upload";
import { countUsage } from "./usage";
import { deleteUserBlobs } from "./user-blobs";
import { canonicalPrefix, resolvePath } from "./virtual-path";
import type { WorkspaceEnv, WorkspaceLimits } from "./workspace-env";
import { findWorkspace, toWorkspaceFile } from "./workspace-rows";

/**
 * Who is asking: every operation is scoped to `userId`; `sessionId` set = inside that chat (its
 * files' metadata name it). Paths mean the same for every caller (docs/design.md §7).
 */
export type Caller = { userId: string; sessionId?: string | null };

/** A file found for reading: its metadata now, its bytes (or a byte range) on demand. */
export type LocatedFile = { file: WorkspaceFile; read(range?: ByteRange): Promise<Readable> };

type UploadOutcome = { kind: "created" | "overwritten"; file: WorkspaceFile };

type ListQuery = { prefix?: string; sessionId?: string; q?: string; limit: number; cursor?: string };

/**
 * The workspace facade (docs/design.md §7, docs/style.md rule 5): the only door to users' files for REST, tools
 * and blocks, so paths, limits, quota, trash and ownership are enforced once. Someone else's file
 * is always `not_found`.
 */
export type WorkspaceFiles = {
  readonly limits: WorkspaceLimits;
  /** The canonical path `input` means (relative = from the workspace root); throws `invalid_path`. */
  resolvePath(input: string): string;
  /**
   * The folder the assistant's files of chat `caller.sessionId` go to, fixed on first use; null
   * outside a chat (or for a chat that is not the caller's).
   */
  chatFolder(caller: Caller): Promise<string | null>;
  usage(userId: string): Promise<WorkspaceUsage>;
  /** Live files, newest change first; `sessionId` narrows to the files that chat's assistant made. */
  list(caller: Caller, query: ListQuery): Promise<Page<ListedFile>>;
  /** A live file by id, `workspace://` reference or path; throws `not_found`. */
  get(caller: Caller, target: FileTarget): Promise<WorkspaceFile>;
  locate(caller: Caller, target: FileTarget): Promise<LocatedFile>;
  /**
   * Streams a file in. Throws `invalid_path`, `file_exists` (path taken, no overwrite),
   * `file_too_large`, `quota_exceeded`; on any failure nothing is left behind.
   */
  upload(
    caller: Caller,
    request: Omit<UploadRequest, "path" | "overwrite"> & { path: string; overwrite?: boolean },
  ): Promise<UploadOutcome>;
  /** Moves a live file to the trash; throws `not_found`. */
  remove(caller: Caller, target: FileTarget): Promise<{ file: WorkspaceFile; restorableUntil: Date }>;
  /** Throws `not_found` (purged, expired, someone else's) or `file_exists` (path reused). */
  restore(userId: string, id: string): Promise<WorkspaceFile>;
  /** The user's restorable trash, most recently deleted first. */
  listTrash(userId: string, query: { limit: number; cursor?: string }): Promise<Page<TrashedFile>>;
  /** Deletes one trashed file for good (bytes and quota freed now); `not_found` unless in the trash. */
  purgeTrashed(userId: string, id: string): Promise<void>;
  /** Empties the user's trash; answers how many files were deleted. */
  emptyTrash(userId: string): Promise<number>;
  gc(options?: GcOptions): Promise<GcReport>;
  /** Account deletion: removes every blob of the user (run after the user's rows are deleted). */
  deleteUserBlobs(userId: string): Promise<number>;
};

export function createWorkspaceFiles(env: WorkspaceEnv): WorkspaceFiles {
  const { db, store, limits } = env;
  const pathOf = (input: string) => resolvePath(input, "/");

  return {
    limits,
    resolvePath: pathOf,
    chatFolder: (caller) =>
      caller.sessionId ? ensureChatFolder(db, caller.userId, caller.sessionId) : Promise.resolve(null),
    usage: (userId) => countUsage(db, userId, limits.quotaBytes),

    async list(caller, query) {
      const workspace = await findWorkspace(db, caller.userId);
      if (!workspace) return { items: [], next_cursor: null };
      const prefixes = [canonicalPrefix(query.prefix, "/")];
      if (query.sessionId) {
        const folder = await findChatFolder(db, caller.userId, query.sessionId);
        if (!folder) return { items: [], next_cursor: null };
        prefixes.push(folder);
      }
      return listFiles(db, workspace.id, { prefixes, q: query.q, limit: query.limit, cursor: query.cursor });
    },

    async get(caller, target) {
      return toWorkspaceFile(await findTarget(db, caller.userId, target, "/"));
    },

    async locate(caller, target) {
      const row = await findTarget(db, caller.userId, target, "/");
      return {
        file: toWorkspaceFile(row),
        async read(range) {
          const body = await store.get(row.storageKey, range);
          // Only when an overwrite or purge removed this version after it was looked up.
          if (!body) throw notFound("file (it changed while being read; try again)");
          return body;
        },
      };
    },

    async upload(caller, request) {
      let path: string;
      try {
        path = pathOf(request.path);
      } catch (error) {
        request.body.destroy();
        throw error;
      }
      const outcome = await uploadFile(env, caller.userId, {
        ...request,
        path,
        overwrite: request.overwrite ?? false,
      });
      return { kind: outcome.kind, file: toWorkspaceFile(outcome.row) };
    },

    async remove(caller, target) {
      const row = await trashFile(db, await findTarget(db, caller.userId, target, "/"));
      return {
        file: toWorkspaceFile(row),
        restorableUntil: purgeDate(row.deletedAt ?? new Date(), limits.trashDays),
      };
    },

    async restore(userId, id) {
      return toWorkspaceFile(await restoreFile(db, userId, id, limits.trashDays));
    },

    async listTrash(userId, query) {
      const workspace = await findWorkspace(db, userId);
      if (!workspace) return { items: [], next_cursor: null };
      return listTrash(db, workspace.id, limits.trashDays, query);
    },

    async purgeTrashed(userId, id) {
      const workspace = await findWorkspace(db, userId);
      const purged = workspace ? await purgeTrashOf(db, store, workspace.id, id) : 0;
      if (purged === 0) throw notFound("file in the trash");
    },

    async emptyTrash(userId) {
      const workspace = await findWorkspace(db, userId);
      return workspace ? purgeTrashOf(db, store, workspace.id) : 0;
    },

    gc: (options) => collectGarbage(env, options),
    deleteUserBlobs: (userId) => deleteUserBlobs(store, userId),
  };
}
