import type { Credentials } from "@copilot/protocol";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import { type UserRow, verifyCredentials } from "./accounts";
import type { AttemptLimiter } from "./attempt-limiter";

/**
 * Password login with failed-attempt limits per account and per client IP. An unknown email and a
 * wrong password take the same path (one scrypt, one counted failure) and the same 401.
 */
export async function login(
  db: Database,
  limiter: AttemptLimiter,
  credentials: Credentials,
  ip: string,
): Promise<UserRow> {
  const accountKey = `login:account:${credentials.email.trim().toLowerCase()}`;
  const keys = [accountKey, `login:ip:${ip}`];
  const wait = await limiter.blockedFor(keys);
  if (wait > 0) {
    throw new AppError(
      "rate_limited",
      "too many failed logins; try again later",
      {},
      { retryAfterSeconds: wait },
    );
  }
  const user = await verifyCredentials(db, credentials);
  if (!user) {
    await limiter.recordFailure(keys);
    throw new AppError("unauthorized", "email or password is wrong");
  }
  await limiter.reset(accountKey);
  return user;
}
