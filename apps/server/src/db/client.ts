import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import type { DatabaseConfig } from "../config";
import { ensureWritableDirectory } from "../fs-errors";
import { acquireFolderLock } from "./folder-lock";
import { initPgliteFolder } from "./pglite-init";
import * as schema from "./schema";

/** Both drivers behind one type: domain code never knows which it has. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction handle, accepted wherever a query function can run inside one. */
type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Queryable = Database | Transaction;

export type DatabaseHandle = {
  db: Database;
  driver: "pglite" | "postgres";
  /** Runs `fn` while holding a cluster-wide advisory lock (serialises migrations across processes). */
  withAdvisoryLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
};

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  return config.driver === "pglite" ? openPglite(config.dir) : openPostgres(config.url);
}

/**
 * PostgreSQL's default 128 MB of shared buffers grows PGlite's wasm memory from 128 to ~190 MB;
 * 32 MB keeps it at its initial size. With the folder initialised in a worker (below), the idle
 * embedded server is ~290–380 MB RSS instead of ~870 MB (docs/BENCHMARKS.md). The data of a
 * self-hosted install fits, and the OS page cache still holds the files.
 */
export const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, "-c", "shared_buffers=32MB"];

/** `dir` null = in memory (tests). */
export async function openPglite(dir: string | null): Promise<DatabaseHandle> {
  let lock: { release(): Promise<void> } | null = null;
  if (dir) {
    await ensureWritableDirectory(dir);
    lock = await acquireFolderLock(dir);
  }
  let client: PGlite;
  try {
    if (dir) await initPgliteFolder(dir, PGLITE_START_PARAMS);
    client = await PGlite.create({ ...(dir ? { dataDir: dir } : {}), startParams: PGLITE_START_PARAMS });
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    driver: "pglite",
    // One process owns the folder (the lock above), and PGlite runs one query at a time.
    withAdvisoryLock: (_key, fn) => fn(),
    ping: async () => {
      await client.query("select 1");
      return true;
    },
    close: async () => {
      await client.close();
      await lock?.release();
    },
  };
}

export async function openPostgres(url: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10, application_name: `copilot:${process.pid}` });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  const db = drizzlePg({ client: pool, schema }) as unknown as Database;
  return {
    db,
    driver: "postgres",
    async withAdvisoryLock(key, fn) {
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock(hashtext($1))", [key]);
        try {
          return await fn();
        } finally {
          await client.query("select pg_advisory_unlock(hashtext($1))", [key]);
        }
      } finally {
        client.release();
      }
    },
    ping: async () => {
      await pool.query("select 1");
      return true;
    },
    close: () => pool.end(),
  };
}
