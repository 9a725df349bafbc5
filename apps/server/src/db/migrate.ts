import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { DatabaseHandle } from "./client";

/** Beside this file in the source tree; copied beside the bundle (`dist/migrations`) by tsup. */
export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Applies pending migrations under an advisory lock, so two processes starting on an empty
 * database both come up: the second waits, then finds nothing left to do.
 */
export async function migrate(handle: DatabaseHandle): Promise<void> {
  await handle.withAdvisoryLock("copilot:migrate", async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the two migrators take their own driver's db type
    const db = handle.db as any;
    if (handle.driver === "pglite") await migratePglite(db, { migrationsFolder });
    else await migratePg(db, { migrationsFolder });
  });
}
