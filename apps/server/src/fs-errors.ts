import { constants } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";

// PGlite's file system is emscripten's, whose errors are `{name: "ErrnoError", errno}` objects
// numbered as in WASI: a bare `String(error)` of one printed `[object Object]` (issue 10, finding 7).
const wasiErrno: Record<number, string> = {
  2: "EACCES",
  19: "EDQUOT",
  20: "EEXIST",
  29: "EIO",
  31: "EISDIR",
  44: "ENOENT",
  51: "ENOSPC",
  54: "ENOTDIR",
  63: "EPERM",
  69: "EROFS",
};

const words: Record<string, string> = {
  ENOSPC: "no space left on the device (disk full)",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOTDIR: "a path component is not a directory",
  EISDIR: "is a directory",
  ENOENT: "no such file or directory",
  EIO: "input/output error",
};

/** The errno name of a Node or emscripten file-system error, if it is one. */
export function errnoOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, errno } = error as { code?: unknown; errno?: unknown };
  if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return code;
  if ((error as { name?: unknown }).name === "ErrnoError" && typeof errno === "number")
    return wasiErrno[errno];
  return undefined;
}

/** An error in words for a person: its errno explained when it has one. */
export function describeError(error: unknown): string {
  const code = errnoOf(error);
  const message = error instanceof Error ? error.message : undefined;
  if (code)
    return message && !message.startsWith(code)
      ? `${words[code] ?? code}: ${message}`
      : (words[code] ?? code);
  if (message) return message;
  if (typeof error === "object" && error !== null) {
    try {
      return JSON.stringify(error);
    } catch {}
  }
  return String(error);
}

export const isStorageFull = (error: unknown) => ["ENOSPC", "EDQUOT"].includes(errnoOf(error) ?? "");

/**
 * Creates `dir` if needed and proves it is a writable directory, with the real cause when not:
 * Node's recursive mkdir on a read-only mount says ENOENT, so the nearest existing ancestor is
 * asked instead; a regular file where the directory should be is refused.
 */
export async function ensureWritableDirectory(dir: string): Promise<void> {
  const stats = await fs.stat(dir).catch(() => null);
  if (stats && !stats.isDirectory()) throw new Error(`${dir} exists but is not a directory`);
  if (!stats) {
    try {
      await fs.mkdir(dir, { recursive: true });
    } catch (error) {
      const ancestor = await nearestExisting(path.dirname(dir));
      const blocker = await fs.access(ancestor, constants.W_OK).then(
        () => null,
        (cause: unknown) => cause,
      );
      const cause = blocker ?? error;
      const where = ancestor === dir ? dir : `${ancestor} (creating ${dir})`;
      throw new Error(`${where}: ${describeError(cause)}`, { cause });
    }
  }
  try {
    await fs.access(dir, constants.W_OK);
  } catch (error) {
    throw new Error(`${dir}: ${describeError(error)}`, { cause: error });
  }
}

async function nearestExisting(dir: string): Promise<string> {
  let current = dir;
  while (!(await fs.stat(current).catch(() => null))) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}
