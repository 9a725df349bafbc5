import type { Credentials } from "@copilot/protocol";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import { type UserRow, verifyCredentials } from "./accounts";
import type { AttemptLimiter, Take } from "./attempt-limiter";

const MINUTE = 60_000;
// Past its account-wide budget an account is slowed, not locked: one attempt per this window from
// anywhere, so its owner gets in within seconds while a distributed guesser gets a trickle.
const SLOW_LANE = { max: 1, windowMs: 2_000 };

/**
 * Budgets per minute, from `AUTH_LOGIN_MAX_PER_MINUTE` (docs/security.md): that many per
 * (account, address) pair, five times as many per address across accounts and per account across
 * addresses. No single address can lock another address out of an account (issue 10, finding 4).
 */
export function loginBudgets(perMinute: number) {
  return {
    pair: { max: perMinute, windowMs: MINUTE },
    address: { max: perMinute * 5, windowMs: MINUTE },
    account: { max: perMinute * 5, windowMs: MINUTE },
  };
}
export type LoginBudgets = ReturnType<typeof loginBudgets>;

const refused = (take: Take) =>
  new AppError(
    "rate_limited",
    "too many login attempts; try again later",
    {},
    { retryAfterSeconds: take.ok ? 1 : take.retryAfterSeconds },
  );

/**
 * Password login. Every attempt is counted before the hash (so concurrency cannot slip past a
 * budget); an unknown email and a wrong password take the same path and the same 401.
 */
export async function login(
  db: Database,
  limiter: AttemptLimiter,
  budgets: LoginBudgets,
  credentials: Credentials,
  address: string,
): Promise<UserRow> {
  const account = credentials.email.trim().toLowerCase();
  const addressKey = `login:ip:${address}`;
  const pairKey = `login:pair:${account}:${address}`;
  const accountKey = `login:account:${account}`;

  const byAddress = await limiter.take(addressKey, budgets.address);
  if (!byAddress.ok) throw refused(byAddress);
  // A refused attempt never reaches the password, so it gives back what it took from the earlier
  // budgets: an owner waiting out the slow lane must not use up their own address's budget.
  const byPair = await limiter.take(pairKey, budgets.pair);
  if (!byPair.ok) {
    await limiter.giveBack(addressKey);
    throw refused(byPair);
  }
  const byAccount = await limiter.take(accountKey, budgets.account);
  if (!byAccount.ok) {
    const slow = await limiter.take(`login:slow:${account}`, SLOW_LANE);
    if (!slow.ok) {
      await Promise.all([limiter.giveBack(addressKey), limiter.giveBack(pairKey)]);
      throw refused(slow);
    }
  }

  const user = await verifyCredentials(db, credentials);
  if (!user) throw new AppError("unauthorized", "email or password is wrong");
  // The owner's success: their address keeps its budget and their pair starts afresh. The
  // account-wide count stays, or a guesser's budget would refill whenever the owner signs in.
  await Promise.all([limiter.giveBack(addressKey), limiter.reset(pairKey)]);
  return user;
}
