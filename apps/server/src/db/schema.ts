import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  foreignKey,
  index,
  integer,
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
    /**
     * Where the assistant puts the files it makes in this chat (`/chats/<title>-<short id>/`):
     * set once, when the first one is made, so later renames never move a folder.
     */
    filesFolder: text("files_folder"),
    /** Set while the user keeps the chat pinned at the top of the list. */
    pinnedAt: timestamp_("pinned_at"),
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
    /** The server process producing it (`server_processes.id`); no foreign key: rows of dead processes are pruned. */
    producerId: uuid("producer_id"),
    /**
     * The job start that owns the task (1 = first; 0 while queued). A worker presumed dead whose
     * turn moved on writes nothing: every save checks it (`ownsTask`).
     */
    attempt: integer("attempt").notNull().default(0),
    /**
     * The message this task's answer follows (its parent in the conversation tree): the user's
     * message, or for a regenerated answer the one the earlier version answered.
     */
    parentMessageId: text("parent_message_id"),
  },
  (table) => [
    index("chat_tasks_session_idx").on(table.sessionId, table.createdAt),
    uniqueIndex("chat_tasks_client_key_idx").on(table.sessionId, table.clientKey),
    index("chat_tasks_running_idx").on(table.status).where(sql`status in ('queued', 'running')`),
  ],
);

/**
 * Serving processes and when each last said it was alive (database time), so any process can tell
 * a running task whose producer died from one still being written.
 */
export const serverProcesses = pgTable("server_processes", {
  id: uuid("id").primaryKey(),
  startedAt: timestamp_("started_at").notNull().defaultNow(),
  heartbeatAt: timestamp_("heartbeat_at").notNull().defaultNow(),
});

/**
 * AI SDK UI messages. Ids come from clients (user messages) or from the task (assistant
 * messages), so they are unique per session; `seq` orders them.
 *
 * A conversation is a tree: each message names the one it follows (`parent_id`, null at the
 * start). Messages with the same parent are versions of one place in it (an edited question, a
 * regenerated answer); the one shown is the most recently selected (`selected_at`, set when it is
 * written and when the user picks it), so each fork remembers its own choice.
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
    parentId: text("parent_id"),
    selectedAt: timestamp_("selected_at").notNull().defaultNow(),
    ...timestamps,
    updatedAt: timestamp_("updated_at").notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.sessionId, table.id] }),
    index("chat_messages_session_seq_idx").on(table.sessionId, table.seq),
  ],
);

/**
 * One workspace per user, created on first use. `used_bytes` is the sum of the sizes of its file
 * rows (trash included: trashed bytes are kept, so they count); `reserved_bytes` is what uploads in
 * flight have claimed so far (the sum of `workspace_uploads.reserved_bytes`). The quota check is
 * one conditional UPDATE on this row, so concurrent uploads can never overshoot it.
 * `quota_bytes` null means the configured default (WORKSPACE_QUOTA_BYTES).
 */
export const userWorkspaces = pgTable(
  "user_workspaces",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .unique()
      .references(() => users.id, { onDelete: "cascade" }),
    usedBytes: bigint("used_bytes", { mode: "number" }).notNull().default(0),
    reservedBytes: bigint("reserved_bytes", { mode: "number" }).notNull().default(0),
    quotaBytes: bigint("quota_bytes", { mode: "number" }),
    ...timestamps,
    updatedAt: timestamp_("updated_at").notNull().defaultNow(),
  },
  // A negative count would be an accounting bug; fail the statement rather than store it.
  (table) => [
    check("user_workspaces_bytes_check", sql`${table.usedBytes} >= 0 and ${table.reservedBytes} >= 0`),
  ],
);

/**
 * Files by canonical virtual path. The bytes live in the file store under `storage_key`, which the
 * server generates (`u/{user_id}/{uuid}`) and which never contains user text; an overwrite writes a
 * new key and swaps it in, keeping `id` (so `workspace://` references stay valid) and bumping
 * `version`. `deleted_at` set = in the trash: bytes kept, path free for a new live file.
 */
export const workspaceFiles = pgTable(
  "workspace_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => userWorkspaces.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    name: text("name").notNull(),
    storageKey: text("storage_key").notNull().unique(),
    mimeType: text("mime_type").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    version: integer("version").notNull().default(1),
    metadata: jsonb("metadata")
      .$type<Record<string, string | number | boolean | null>>()
      .notNull()
      .default({}),
    ...timestamps,
    updatedAt: timestamp_("updated_at").notNull().defaultNow(),
    deletedAt: timestamp_("deleted_at"),
  },
  (table) => [
    // One live file per path; trashed rows keep their path without blocking it.
    uniqueIndex("workspace_files_live_path_key")
      .on(table.workspaceId, table.path)
      .where(sql`${table.deletedAt} is null`),
    index("workspace_files_updated_idx").on(table.workspaceId, table.updatedAt, table.id),
    index("workspace_files_trash_idx").on(table.deletedAt).where(sql`${table.deletedAt} is not null`),
  ],
);

/**
 * Uploads in flight: the bytes each has reserved against the quota and the key it writes to. A
 * row outlives its upload only when the process died mid-way; `gc` then releases the reservation
 * and deletes the blob. `updated_at` moves whenever the upload reserves more.
 */
export const workspaceUploads = pgTable(
  "workspace_uploads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => userWorkspaces.id, { onDelete: "cascade" }),
    storageKey: text("storage_key").notNull().unique(),
    reservedBytes: bigint("reserved_bytes", { mode: "number" }).notNull().default(0),
    ...timestamps,
    updatedAt: timestamp_("updated_at").notNull().defaultNow(),
  },
  (table) => [index("workspace_uploads_updated_idx").on(table.updatedAt)],
);

/**
 * Agents (docs/agents.md): a user's named graph. The graph itself lives in `agent_versions`, one
 * immutable row per version; `current_version` is the one runs use unless they name another.
 */
export const agents = pgTable(
  "agents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    currentVersion: integer("current_version").notNull().default(1),
    ...timestamps,
    updatedAt: timestamp_("updated_at").notNull().defaultNow(),
  },
  // Lists are newest change first with a (updated_at, id) keyset cursor.
  (table) => [index("agents_user_updated_idx").on(table.userId, table.updatedAt, table.id)],
);

/** Graph snapshots, never updated: a run names the exact graph it ran. */
export const agentVersions = pgTable(
  "agent_versions",
  {
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    graph: jsonb("graph").$type<Record<string, unknown>>().notNull(),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.agentId, table.version] })],
);

/**
 * Runs of an agent version: the durable record of one execution (status, inputs, outputs, each
 * node's result). `cancel_requested` lets any process ask the one running it to stop between
 * nodes: the runner reads it back with every node result it writes.
 */
export const agentRuns = pgTable(
  "agent_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agentId: uuid("agent_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    status: text("status").$type<"queued" | "running" | "completed" | "failed" | "cancelled">().notNull(),
    inputs: jsonb("inputs").$type<Record<string, string>>().notNull().default({}),
    outputs: jsonb("outputs").$type<Record<string, unknown>>().notNull().default({}),
    nodes: jsonb("nodes").$type<Record<string, unknown>>().notNull().default({}),
    error: jsonb("error").$type<{ code: string; message: string; node: string | null }>(),
    cancelRequested: boolean("cancel_requested").notNull().default(false),
    ...timestamps,
    updatedAt: timestamp_("updated_at").notNull().defaultNow(),
    startedAt: timestamp_("started_at"),
    endedAt: timestamp_("ended_at"),
  },
  (table) => [
    foreignKey({
      columns: [table.agentId, table.version],
      foreignColumns: [agentVersions.agentId, agentVersions.version],
    }).onDelete("cascade"),
    index("agent_runs_agent_created_idx").on(table.agentId, table.createdAt, table.id),
    index("agent_runs_active_idx").on(table.status).where(sql`status in ('queued', 'running')`),
  ],
);

/**
 * Long-running tool calls (docs/operations.md "Operations"): the durable record of one. The
 * unique (session, tool call) index is the lock that keeps a reload, a retry or a double submit
 * from starting the same operation twice. `progress_task_id` is the task whose log carries its
 * `data-operation-progress` chunks; `continuation_task_id` is set once, by whoever starts the
 * assistant's continuation, so it is started once however often the completion is delivered.
 */
export const operations = pgTable(
  "operations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => chatSessions.id, { onDelete: "cascade" }),
    toolCallId: text("tool_call_id").notNull(),
    toolName: text("tool_name").notNull(),
    status: text("status").$type<"running" | "completed" | "failed" | "cancelled">().notNull(),
    input: jsonb("input").$type<Record<string, unknown>>().notNull(),
    progress: jsonb("progress").$type<{ step: string; fraction: number; message: string }>(),
    result: jsonb("result").$type<unknown>(),
    error: jsonb("error").$type<{ code: string; message: string }>(),
    /** Work handed to an external service (AGENT_GENERATOR_URL) that answers through the webhook. */
    delegated: boolean("delegated").notNull().default(false),
    /** The turn whose tool call started it: its message holds the tool result the completion replaces. */
    turnTaskId: uuid("turn_task_id").notNull(),
    progressTaskId: uuid("progress_task_id").notNull(),
    continuationTaskId: uuid("continuation_task_id"),
    ...timestamps,
    updatedAt: timestamp_("updated_at").notNull().defaultNow(),
    endedAt: timestamp_("ended_at"),
  },
  (table) => [
    uniqueIndex("operations_tool_call_idx").on(table.sessionId, table.toolCallId),
    index("operations_session_running_idx").on(table.sessionId).where(sql`status = 'running'`),
  ],
);
