import { sql } from "drizzle-orm";
import {
  bigserial,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** The one schema for both drivers (PGlite and node-postgres). Migrations are generated from it. */

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
};

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    ...timestamps,
  },
  // Emails are compared case-insensitively; the unique index is on the lowered form.
  (table) => [uniqueIndex("users_email_lower_key").on(sql`lower(${table.email})`)],
);

/** Browser sessions: only the sha256 of the cookie token is stored. */
export const authSessions = pgTable(
  "auth_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    ...timestamps,
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [index("auth_sessions_user_idx").on(table.userId)],
);

/** API keys (Bearer): only the sha256 is stored; the plaintext is shown once at creation. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    ...timestamps,
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [index("api_keys_user_idx").on(table.userId, table.createdAt)],
);

const timestamp_ = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const chatSessions = pgTable(
  "chat_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    ...timestamps,
    updatedAt: timestamp_("updated_at").notNull().defaultNow(),
  },
  // Lists are newest first with a (updated_at, id) keyset cursor.
  (table) => [index("chat_sessions_user_updated_idx").on(table.userId, table.updatedAt, table.id)],
);

/**
 * One row per turn or long operation: the durable record of a task (its chunks live in the stream
 * store). `client_key` makes a repeated POST attach to the same turn instead of starting another.
 */
export const chatTasks = pgTable(
  "chat_tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => chatSessions.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").$type<"chat_turn" | "operation">().notNull(),
    status: text("status").$type<"queued" | "running" | "completed" | "failed" | "cancelled">().notNull(),
    /** The assistant message this task writes (= its `start.messageId`). */
    messageId: text("message_id").notNull(),
    clientKey: text("client_key"),
    model: text("model").notNull(),
    ...timestamps,
    updatedAt: timestamp_("updated_at").notNull().defaultNow(),
    endedAt: timestamp_("ended_at"),
    lastMessageId: text("last_message_id"),
    errorCode: text("error_code"),
  },
  (table) => [
    index("chat_tasks_session_idx").on(table.sessionId, table.createdAt),
    uniqueIndex("chat_tasks_client_key_idx").on(table.sessionId, table.clientKey),
    index("chat_tasks_running_idx").on(table.status).where(sql`status in ('queued', 'running')`),
  ],
);

/**
 * AI SDK UI messages. Ids come from clients (user messages) or from the task (assistant
 * messages), so they are unique per session; `seq` orders them.
 */
export const chatMessages = pgTable(
  "chat_messages",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => chatSessions.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    seq: bigserial("seq", { mode: "number" }).notNull(),
    role: text("role").$type<"system" | "user" | "assistant">().notNull(),
    parts: jsonb("parts").$type<Array<Record<string, unknown> & { type: string }>>().notNull(),
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    taskId: uuid("task_id"),
    ...timestamps,
    updatedAt: timestamp_("updated_at").notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.sessionId, table.id] }),
    index("chat_messages_session_seq_idx").on(table.sessionId, table.seq),
  ],
);
