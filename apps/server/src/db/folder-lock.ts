import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * PGlite takes no lock on its data folder, and two processes writing one folder corrupt it. The lock
 * is a listening Unix socket, which the kernel takes away when its process dies, so it cannot go
 * stale (issue 10, finding 2: pid files were refused after pid reuse, in a container whose app is
 * always pid 1, from a new container's hostname, or naming a zombie):
 *
 * 1. an abstract socket named by the folder's real path (Linux): binding it is atomic, so two
 *    processes on this machine can never both hold the folder, and nothing is left on disk;
 * 2. a socket file `<folder>.lock` on the volume itself, for processes in other network namespaces
 *    (another container sharing the volume). It answers connections with its holder's stamp. A file
 *    nobody listens on (a crash; an old pid-file lock) is refused a connection and replaced.
 */
export class FolderLockedError extends Error {
  override name = "FolderLockedError";
}

type Stamp = { pid: number; host: string; since: string };
const held = new Set<string>();
// sun_path is 108 bytes with its terminating NUL.
const MAX_SOCKET_PATH = 107;

export async function acquireFolderLock(folder: string): Promise<{ release(): Promise<void> }> {
  const real = await fs.realpath(folder).catch(() => path.resolve(folder));
  if (held.has(real))
    throw new FolderLockedError(`database folder ${folder} is already open in this process`);
  const stamp: Stamp = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  const servers: net.Server[] = [];
  const release = async () => {
    held.delete(real);
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  };
  try {
    if (process.platform === "linux") {
      const name = `\0copilot-db-lock:${createHash("sha256").update(real).digest("hex")}`;
      const server = await listen(name, stamp);
      if (!server) throw await inUse(folder, name);
      servers.push(server);
    }
    const file = `${folder}.lock`;
    if (Buffer.byteLength(file) <= MAX_SOCKET_PATH) servers.push(await listenOnFile(folder, file, stamp));
  } catch (error) {
    await release();
    throw error;
  }
  held.add(real);
  return { release };
}

/** The listening server, or null when the address is taken by a live listener. */
function listen(address: string, stamp: Stamp): Promise<net.Server | null> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => socket.end(JSON.stringify(stamp)));
    server.once("error", (error: NodeJS.ErrnoException) =>
      error.code === "EADDRINUSE" ? resolve(null) : reject(error),
    );
    server.listen(address, () => {
      // The lock must never keep the process alive on its own.
      server.unref();
      resolve(server);
    });
  });
}

async function listenOnFile(folder: string, file: string, stamp: Stamp): Promise<net.Server> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const server = await listen(file, stamp);
    if (server) return server;
    const holder = await ask(file);
    if (holder.alive) throw describe(folder, holder.stamp);
    // Nobody listens: a crashed holder's socket or an old pid-stamped lock file. Same-machine
    // contenders are already excluded by the abstract socket, so removing it races with nobody here.
    await fs.rm(file, { force: true });
  }
  throw new FolderLockedError(`could not lock database folder ${folder} (${file})`);
}

async function inUse(folder: string, address: string): Promise<FolderLockedError> {
  const holder = await ask(address);
  return describe(folder, holder.stamp);
}

function describe(folder: string, stamp: Stamp | null): FolderLockedError {
  const who = stamp ? `process ${stamp.pid} on ${stamp.host} (since ${stamp.since})` : "another process";
  return new FolderLockedError(
    `database folder ${folder} is in use by ${who}; stop that server or set another DATA_DIR`,
  );
}

/** Whether a live process listens at `address`, and its stamp if it gives one within a second. */
function ask(address: string): Promise<{ alive: boolean; stamp: Stamp | null }> {
  return new Promise((resolve) => {
    const socket = net.connect(address);
    let text = "";
    let connected = false;
    const done = (alive: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      let stamp: Stamp | null = null;
      try {
        stamp = text ? (JSON.parse(text) as Stamp) : null;
      } catch {}
      resolve({ alive, stamp });
    };
    const timer = setTimeout(() => done(connected), 1000);
    socket.setEncoding("utf8");
    socket.on("connect", () => {
      connected = true;
    });
    socket.on("data", (chunk) => {
      text += chunk;
    });
    socket.on("end", () => done(true));
    // ECONNREFUSED (no listener), ENOENT (gone meanwhile), ENOTSOCK (a plain file): nobody holds it.
    socket.on("error", () => done(connected));
  });
}
