import type { Credentials } from "@copilot/protocol";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import { createUser, type UserRow } from "./accounts";
import type { AttemptLimiter } from "./attempt-limiter";

const HOUR = 3_600_000;

/**
 * Signup, limited per client address. `409 email_taken` says an email is registered (there is no
 * mail flow offline to hide it behind), so every attempt, taken or not, counts against the address:
 * enumeration is slow instead of free (docs/security.md, issue 10 finding 6).
 */
export async function signup(
  db: Database,
  limiter: AttemptLimiter,
  maxPerHour: number,
  credentials: Credentials,
  address: string,
): Promise<UserRow> {
  const take = await limiter.take(`signup:ip:${address}`, { max: maxPerHour, windowMs: HOUR });
  if (!take.ok) {
    throw new AppError(
      "rate_limited",
      "too many signups from this address; try again later",
      {},
      { retryAfterSeconds: take.retryAfterSeconds },
    );
  }
  return createUser(db, credentials);
}
