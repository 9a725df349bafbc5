import { Readable } from "node:stream";
import {
  deleteWorkspaceFileInputSchema,
  listWorkspaceFilesInputSchema,
  readWorkspaceFileInputSchema,
  writeWorkspaceFileInputSchema,
} from "@copilot/protocol";
import { tool } from "ai";
import type { Logger } from "pino";
import { type ToolFactory, toolResult } from "../chat/tools";
import { AppError } from "../errors";
import { listForTool } from "./list-for-tool";
import { readFileTool, targetOf } from "./read-file-tool";
import { toToolFile } from "./tool-file";
import type { Caller, WorkspaceFiles } from "./workspace-files";

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Plain text or strict base64 (whitespace allowed), exactly one. */
function contentOf(input: { content?: string; content_base64?: string }): Buffer {
  if (input.content !== undefined && input.content_base64 === undefined)
    return Buffer.from(input.content, "utf8");
  if (input.content_base64 !== undefined && input.content === undefined) {
    const compact = input.content_base64.replace(/\s+/g, "");
    if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
      throw new AppError("bad_request", "content_base64 is not valid base64");
    }
    return Buffer.from(compact, "base64");
  }
  throw new AppError("bad_request", "give exactly one of content or content_base64");
}

const PATHS =
  "Paths are the ones the user sees on the Files page: relative paths start from the workspace root, like absolute ones (/notes/todo.md and notes/todo.md are one file). Files you make for this chat belong in its folder (chat_folder in list_workspace_files' answer) unless the user names a place.";

/**
 * The workspace tools of docs/api.md §7, each scoped to the caller and going through the facade, so
 * limits, quota and ownership are the same as over REST.
 */
export function workspaceTools(files: WorkspaceFiles, log: Logger): ToolFactory {
  return (context) => {
    const caller: Caller = { userId: context.userId, sessionId: context.sessionId };
    const run = <T>(body: () => Promise<T>) => toolResult(log, context.signal, body);
    return {
      list_workspace_files: tool({
        description: `Lists the user's saved files, newest first: by default the whole workspace with this chat's own files first; scope "session" for only this chat's folder; path_prefix for one folder. ${PATHS}`,
        inputSchema: listWorkspaceFilesInputSchema,
        execute: (input) => run(() => listForTool(files, caller, input)),
      }),
      read_workspace_file: tool({
        description: `Reads a saved file by file_id (or its workspace:// reference) or path. Text up to 32 KiB comes back whole; larger files give a preview, and offset/length read them in parts. ${PATHS}`,
        inputSchema: readWorkspaceFileInputSchema,
        execute: (input) => run(() => readFileTool(files, caller, input)),
      }),
      write_workspace_file: tool({
        description: `Saves a file: text in content, or bytes in content_base64. An existing file is replaced only with overwrite: true (it keeps its id and reference). ${PATHS}`,
        inputSchema: writeWorkspaceFileInputSchema,
        execute: (input) =>
          run(async () => {
            const bytes = contentOf(input);
            const outcome = await files.upload(caller, {
              path: input.path,
              body: Readable.from([bytes]),
              overwrite: input.overwrite ?? false,
              sizeHint: { bytes: bytes.length, exact: true },
              metadata: { source: "tool", session_id: context.sessionId },
            });
            return { file: toToolFile(outcome.file), created: outcome.kind === "created" };
          }),
      }),
      delete_workspace_file: tool({
        description: `Moves a saved file to the trash (the user can restore it for a while). By file_id or path. ${PATHS}`,
        inputSchema: deleteWorkspaceFileInputSchema,
        execute: (input) =>
          run(async () => {
            const { file, restorableUntil } = await files.remove(caller, targetOf(input));
            return {
              deleted: { id: file.id, path: file.path },
              restorable_until: restorableUntil.toISOString(),
            };
          }),
      }),
    };
  };
}
