import fs from "node:fs/promises";
import os from "node:os";

/**
 * PGlite takes no lock on its data folder, and two processes writing one folder corrupt it. This
 * is a pid-stamped lock file beside the folder: a live owner refuses us; a dead owner's lock (left
 * by `kill -9`) is taken over.
 */
export class FolderLockedError extends Error {
  override name = "FolderLockedError";
}

type Stamp = { pid: number; host: string; since: string };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readStamp(file: string): Promise<Stamp | null> {
  try {
    return JSON.parse(await fs.readFile(file, "utf8")) as Stamp;
  } catch {
    return null; // missing, or half-written by a process that died mid-write: stale either way
  }
}

async function youngerThan(file: string, ms: number): Promise<boolean> {
  const info = await fs.stat(file).catch(() => null);
  return info !== null && Date.now() - info.mtimeMs < ms;
}

const sameStamp = (a: Stamp | null, b: Stamp | null) =>
  a !== null && b !== null && a.pid === b.pid && a.host === b.host && a.since === b.since;

export async function acquireFolderLock(folder: string): Promise<{ release(): Promise<void> }> {
  const file = `${folder}.lock`;
  const takeover = `${file}.takeover`;
  const stamp: Stamp = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await fs.writeFile(file, JSON.stringify(stamp), { flag: "wx" });
      return {
        async release() {
          if (sameStamp(await readStamp(file), stamp)) await fs.rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = await readStamp(file);
    if (owner?.pid === process.pid && owner.host === stamp.host) {
      throw new FolderLockedError(`database folder ${folder} is already open in this process`);
    }
    if (owner && owner.host !== stamp.host) {
      throw new FolderLockedError(`database folder ${folder} is locked by host ${owner.host} (${file})`);
    }
    if (owner && alive(owner.pid)) {
      throw new FolderLockedError(
        `database folder ${folder} is in use by process ${owner.pid} (since ${owner.since}); stop it or set DATA_DIR`,
      );
    }
    if (!owner && (await youngerThan(file, 2000))) {
      // Unreadable but fresh: another process is between creating and writing it.
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    // Stale (its process is gone, e.g. after kill -9). Removing it is serialised by a second
    // lock file, so two processes taking over cannot both remove a lock and both win.
    await removeStale(file, takeover, owner, stamp);
  }
  throw new FolderLockedError(`could not lock database folder ${folder}`);
}

async function removeStale(file: string, takeover: string, judged: Stamp | null, stamp: Stamp) {
  try {
    await fs.writeFile(takeover, JSON.stringify(stamp), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const holder = await readStamp(takeover);
    if (!holder || !alive(holder.pid)) await fs.rm(takeover, { force: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    return;
  }
  try {
    // Only the exact stale lock we judged; a fresh one taken meanwhile stays.
    const current = await readStamp(file);
    if (sameStamp(current, judged) || (current === null && judged === null))
      await fs.rm(file, { force: true });
  } finally {
    await fs.rm(takeover, { force: true });
  }
}
