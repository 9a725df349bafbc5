import type { Logger } from "pino";
import type { Database } from "../db/client";
import type { FileStore } from "./stores/file-store";

/** Limits of docs/api.md §1, enforced by the facade for REST, tools and blocks alike. */
export type WorkspaceLimits = {
  maxFileBytes: number;
  /** Per-user quota unless the workspace row sets its own. */
  quotaBytes: number;
  trashDays: number;
};

/** What the facade's parts share. */
export type WorkspaceEnv = {
  db: Database;
  store: FileStore;
  limits: WorkspaceLimits;
  log: Logger;
};

/** Storage keys are ours alone: the user's folder, then a fresh uuid per stored version. */
export const userKeyPrefix = (userId: string) => `u/${userId}/`;
export const ALL_USERS_PREFIX = "u/";
