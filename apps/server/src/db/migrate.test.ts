import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceAvailable, testPostgresUrl } from "../testing/services";
import { openPglite, openPostgres } from "./client";
import { migrate } from "./migrate";

const postgres = await serviceAvailable("postgres");

async function tables(query: (sql: string) => Promise<{ rows: Array<{ table_name: string }> }>) {
  const { rows } = await query(
    "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
  );
  return rows.map((row) => row.table_name);
}

describe("migrations on PGlite", () => {
  it("apply to an empty database and are idempotent", async () => {
    const handle = await openPglite(null);
    try {
      await migrate(handle);
      await migrate(handle);
      const result = (await handle.db.execute(
        "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
      )) as unknown as { rows: Array<{ table_name: string }> };
      expect(result.rows.map((row) => row.table_name)).toEqual(
        expect.arrayContaining(["users", "auth_sessions", "api_keys"]),
      );
    } finally {
      await handle.close();
    }
  });
});

describe.skipIf(!postgres)("migrations on PostgreSQL", () => {
  const name = `copilot_test_migrate_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl });
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create database ${name}`);
  });
  afterAll(async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it("lets two processes starting on an empty database both come up (advisory lock)", async () => {
    const first = await openPostgres(url.toString());
    const second = await openPostgres(url.toString());
    try {
      await Promise.all([migrate(first), migrate(second)]);
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        expect(await tables((sql) => client.query(sql))).toEqual(
          expect.arrayContaining(["users", "auth_sessions", "api_keys"]),
        );
        const applied = await client.query("select count(*)::int as n from drizzle.__drizzle_migrations");
        const { readdirSync } = await import("node:fs");
        const { migrationsFolder } = await import("./migrate");
        const files = readdirSync(migrationsFolder).filter((file) => file.endsWith(".sql"));
        expect(applied.rows[0].n).toBe(files.length);
      } finally {
        await client.end();
      }
    } finally {
      await first.close();
      await second.close();
    }
  });
});
