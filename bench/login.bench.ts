import { randomBytes } from "node:crypto";
import { createUser, verifyCredentials } from "../apps/server/src/auth/accounts";
import { openPglite } from "../apps/server/src/db/client";
import { migrate } from "../apps/server/src/db/migrate";
import { median, ms, percentile, table } from "./stats";

/** Unknown email vs wrong password must cost the same (one scrypt each): compare their timings. */
const RUNS = 40;

export async function runLoginBench(): Promise<string> {
  const handle = await openPglite(null);
  await migrate(handle);
  await createUser(handle.db, { email: "bench@example.com", password: "the right password" });
  const unknown: number[] = [];
  const wrong: number[] = [];
  // Interleaved so drift of the machine hits both equally.
  for (let i = 0; i < RUNS; i++) {
    let started = performance.now();
    await verifyCredentials(handle.db, {
      email: `nobody-${randomBytes(4).toString("hex")}@example.com`,
      password: "whatever123",
    });
    unknown.push(performance.now() - started);
    started = performance.now();
    await verifyCredentials(handle.db, { email: "bench@example.com", password: "wrong password" });
    wrong.push(performance.now() - started);
  }
  await handle.close();
  return table(
    ["case", "median", "p95"],
    [
      ["unknown email", ms(median(unknown)), ms(percentile(unknown, 95))],
      ["wrong password", ms(median(wrong)), ms(percentile(wrong, 95))],
    ],
  );
}
