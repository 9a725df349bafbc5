import fs from "node:fs";
import { Redis } from "ioredis";

/** CPU, memory and Redis figures of other processes, read from /proc and INFO (Linux only). */
const TICKS_PER_SECOND = 100;

/** utime + stime of a process, in seconds. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** VmRSS and VmHWM (peak) in MiB. */
export function memoryMiB(pid: number): { rss: number; peak: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string) =>
      Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN) / 1024;
    return { rss: field("VmRSS"), peak: field("VmHWM") };
  } catch {
    return { rss: Number.NaN, peak: Number.NaN };
  }
}

/** Established TCP connections of `pid` to `port` (its sockets' inodes matched in /proc/net/tcp*). */
export function connectionsTo(pid: number, port: number): number {
  try {
    const inodes = new Set<string>();
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      try {
        const link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (link.startsWith("socket:[")) inodes.add(link.slice(8, -1));
      } catch {}
    }
    const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
    let count = 0;
    for (const file of ["tcp", "tcp6"]) {
      const lines = fs.readFileSync(`/proc/${pid}/net/${file}`, "utf8").split("\n").slice(1);
      for (const line of lines) {
        const cols = line.trim().split(/\s+/);
        if (cols.length < 10) continue;
        if (cols[2]?.endsWith(`:${hexPort}`) && cols[3] === "01" && inodes.has(cols[9]!)) count += 1;
      }
    }
    return count;
  } catch {
    return Number.NaN;
  }
}

export type RedisProbe = {
  pid: number;
  /** Total calls over every command (INFO commandstats), and the per-command map. */
  commands(): Promise<{ total: number; byCommand: Record<string, number> }>;
  /** Bench cleanup only: deletes every key under a run's own prefix. */
  deletePrefix(prefix: string): Promise<void>;
  close(): Promise<void>;
};

export async function redisProbe(url: string): Promise<RedisProbe> {
  const redis = new Redis(url, { connectionName: "copilot-bench:probe" });
  const server = await redis.info("server");
  const pid = Number(/process_id:(\d+)/.exec(server)?.[1] ?? Number.NaN);
  return {
    pid,
    async commands() {
      const text = await redis.info("commandstats");
      const byCommand: Record<string, number> = {};
      let total = 0;
      for (const match of text.matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) {
        byCommand[match[1]!] = Number(match[2]);
        total += Number(match[2]);
      }
      return { total, byCommand };
    },
    async deletePrefix(prefix) {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
        if (keys.length > 0) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== "0");
    },
    async close() {
      redis.disconnect();
    },
  };
}
