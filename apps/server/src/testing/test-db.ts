import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { type DatabaseHandle, openPglite, openPostgres } from "../db/client";
import { migrate, migrationsFolder } from "../db/migrate";
import { testPostgresUrl } from "./services";

/**
 * A database per test file. PGlite: a fresh in-memory instance. PostgreSQL: a database created from
 * a migrated template named after the migrations' hash; tests drop only what they created.
 */
export type TestDatabase = DatabaseHandle & {
  name: string;
  /** A connection URL for other processes (PostgreSQL only; PGlite lives in this process). */
  url: string | null;
};

export async function createTestDatabase(driver: "pglite" | "postgres"): Promise<TestDatabase> {
  if (driver === "pglite") {
    const handle = await openPglite(null);
    await migrate(handle);
    return { ...handle, name: "pglite:memory", url: null };
  }
  const template = await ensureTemplate();
  const name = `copilot_test_${randomBytes(6).toString("hex")}`;
  await withAdmin((client) =>
    locked(client, () => client.query(`create database ${name} template ${template}`)),
  );
  const handle = await openPostgres(urlFor(name));
  return {
    ...handle,
    name,
    url: urlFor(name),
    async close() {
      await handle.close();
      await withAdmin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

function urlFor(database: string): string {
  const url = new URL(testPostgresUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// CREATE DATABASE … TEMPLATE fails while another session copies the same template; serialise.
async function locked<T>(client: pg.Client, fn: () => Promise<T>): Promise<T> {
  await client.query("select pg_advisory_lock(hashtext('copilot-test-template'))");
  try {
    return await fn();
  } finally {
    await client.query("select pg_advisory_unlock(hashtext('copilot-test-template'))");
  }
}

function migrationsHash(): string {
  const hash = createHash("sha256");
  for (const file of fs
    .readdirSync(migrationsFolder)
    .filter((name) => name.endsWith(".sql"))
    .sort()) {
    hash.update(file).update(fs.readFileSync(path.join(migrationsFolder, file)));
  }
  return hash.digest("hex").slice(0, 16);
}

let templateName: Promise<string> | undefined;

function ensureTemplate(): Promise<string> {
  templateName ??= withAdmin(async (client) => {
    const name = `copilot_tpl_${migrationsHash()}`;
    await locked(client, async () => {
      const found = await client.query("select 1 from pg_database where datname = $1", [name]);
      if (found.rowCount) return;
      await client.query(`create database ${name}`);
      const handle = await openPostgres(urlFor(name));
      try {
        await migrate(handle);
      } finally {
        await handle.close();
      }
    });
    return name;
  });
  return templateName;
}
