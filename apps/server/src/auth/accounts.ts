import type { Credentials, User } from "@copilot/protocol";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { users } from "../db/schema";
import { AppError } from "../errors";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./passwords";

export type UserRow = typeof users.$inferSelect;

export function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, created_at: row.createdAt.toISOString() };
}

const byEmail = (email: string) => eq(sql`lower(${users.email})`, email.toLowerCase());

/** Throws `email_taken` when the (case-insensitive) email exists. */
export async function createUser(db: Database, credentials: Credentials): Promise<UserRow> {
  const passwordHash = await hashPassword(credentials.password);
  const [row] = await db
    .insert(users)
    .values({ email: credentials.email.trim(), passwordHash })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new AppError("email_taken", "an account with this email exists");
  return row;
}

/** The user, or null for an unknown email or a wrong password (indistinguishable, same cost). */
export async function verifyCredentials(
  db: Database,
  credentials: Credentials,
  verify: typeof verifyPassword = verifyPassword,
): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(byEmail(credentials.email.trim()));
  const ok = await verify(credentials.password, row?.passwordHash ?? (await dummyPasswordHash()));
  return row && ok ? row : null;
}

export async function findUserByEmail(db: Database, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(byEmail(email.trim()));
  return row ?? null;
}

export async function findUserById(db: Database, id: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

/** Deletes the account; sessions and keys go with it (FK cascade). False when absent. */
export async function deleteUser(db: Database, id: string): Promise<boolean> {
  const rows = await db.delete(users).where(eq(users.id, id)).returning({ id: users.id });
  return rows.length > 0;
}
