import type { StreamEntry, TaskStatus, TerminalTaskStatus, UIMessageChunk } from "@copilot/protocol";

/**
 * The durable ordered chunk log of every task (docs/design.md §5, docs/api.md §5). Two first-class
 * implementations, in process and Redis Streams, pass one contract suite
 * (`stream-store.contract.ts`). The database row is the durable record of a task; this is its
 * chunk buffer, kept while the task runs and for `ttlSeconds` after it ends.
 */

export type StreamTaskMeta = {
  taskId: string;
  sessionId: string;
  userId: string;
  kind: "chat_turn" | "operation";
  operationId?: string | null;
  toolName?: string | null;
};

export type StreamTaskState = StreamTaskMeta & {
  status: TaskStatus;
  /** Id of the newest entry, null before the first append. */
  lastId: string | null;
  createdAt: number;
  endedAt: number | null;
  /** The highest attempt that claimed the task (0 after createTask); writes from lower ones are fenced. */
  attempt: number;
};

type CreateTaskResult = { kind: "created" } | { kind: "session_busy"; activeTaskId: string };
export type ClaimResult =
  /** `snapshot`: the log as it stood at the claim (null: unreadable), what the new attempt rebuilds from. */
  | { kind: "claimed"; snapshot: StreamSnapshot | null }
  | { kind: "fenced"; attempt: number }
  | { kind: "ended"; status: TerminalTaskStatus }
  | { kind: "not_found" };
export type AppendResult =
  | { kind: "appended"; id: string }
  | { kind: "fenced" }
  | { kind: "ended" }
  | { kind: "not_found" };
export type FinishResult =
  | { kind: "finished"; lastId: string }
  | { kind: "fenced"; attempt: number }
  | { kind: "already_ended"; status: TerminalTaskStatus }
  | { kind: "not_found" };

/**
 * A producer's attempt number, for fencing. Omitted = an unfenced (administrative) write: cancel of
 * a queued task, recovery sweeps, the API's own `start`. Given = refused as `fenced` when a later
 * attempt has claimed the task, so a worker that was presumed dead and wakes up changes nothing.
 */
export type WriteOptions = { attempt?: number };

/** Every entry of a task's log at one instant, with the state read together with it. */
export type StreamSnapshot = { state: StreamTaskState; entries: StreamEntry[] };

/**
 * Entries a replay fetches at a time. A reader holds at most two pages (the one it yields from and
 * the next, fetched ahead) or, once live, its live buffer.
 */
export const REPLAY_PAGE_ENTRIES = 500;
export const DEFAULT_SUBSCRIBER_BUFFER_ENTRIES = 1000;
/** Floor of a running task's lifetime without appends, so a long turn never expires under its readers. */
export const DEFAULT_RUNNING_TTL_SECONDS = 3600;

/**
 * Why a reader stopped: `finished` after the `finish` entry; `closed` when the caller closed it (or
 * the store closed); `overflow` when it fell further behind live than its buffer allows; `expired`
 * when the log vanished or was trimmed under it. Only `finished` is an end of the stream; after
 * the others the client re-attaches with its last id (and learns 404/409/410 if the log is gone).
 */
export type ReaderEndReason = "finished" | "closed" | "overflow" | "expired";

/**
 * An entry a reader yields. `json` is the chunk exactly as `JSON.stringify` wrote it, when the store
 * keeps it in that form (Redis): the SSE writer sends it as it is instead of serialising `chunk`.
 */
export type ReadEntry = StreamEntry & { readonly json?: string };

/**
 * A live reader: yields entries strictly after the cursor, then follows until the terminal `finish`.
 * Pull-based: a replay reads at most one page ahead of what the consumer took, so a consumer that
 * does not ask costs at most two pages.
 * One consumer at a time (`for await`); `close()` resolves a pending `next()` as done.
 */
export type StreamReader = AsyncIterable<ReadEntry> & {
  readonly endReason: ReaderEndReason | null;
  /** Entries held for this reader and not yet yielded (up to two replay pages, or its live buffer). */
  readonly buffered: number;
  /**
   * Entries `next()` yields without waiting on the store (0 when it would wait): what the SSE
   * writer joins into one socket write.
   */
  readonly available: number;
  close(): void;
};

export type ReadResult =
  | { kind: "stream"; reader: StreamReader }
  | { kind: "not_found" }
  | { kind: "trimmed"; oldestId: string };

export type StreamStoreOptions = {
  /** Life of an ended task's log; refreshed while it runs. */
  ttlSeconds: number;
  /** 0 = off; otherwise ended logs are trimmed to this many entries once `markSaved` is called. */
  maxEntries: number;
  /** Entries a live reader may have buffered before it is closed with `overflow`. */
  subscriberBufferEntries?: number;
  /**
   * Life of a running task's log and keys since its last append, so an abandoned task cannot live
   * forever; default max(ttlSeconds, DEFAULT_RUNNING_TTL_SECONDS). Short values are for tests.
   */
  runningTtlSeconds?: number;
};

export type StreamStore = {
  readonly driver: "memory" | "redis";
  /**
   * Registers a running task and points its session at it; refused while another task of the
   * session runs. Throws when the task id already exists or an id is not a plain token (uuid).
   */
  createTask(meta: StreamTaskMeta): Promise<CreateTaskResult>;
  /**
   * Atomically makes `attempt` the task's owner: `claimed` while it runs and `attempt` is at least
   * the stored one (equal = idempotent; refreshes the running TTL), `fenced` with the stored one
   * when a later attempt owns it, `ended` once terminal. A stale attempt is `fenced` even on an
   * ended task: it must leave the task alone. Throws when `attempt` is not a non-negative integer.
   * A claim returns the log's snapshot read with it: no write of an earlier attempt can land between
   * them, and the new owner needs no second round trip before it starts (docs/BENCHMARKS.md).
   */
  claim(taskId: string, attempt: number): Promise<ClaimResult>;
  /**
   * Appends one chunk; refused (`ended`) once the task has its terminal status, and (`fenced`)
   * when `options.attempt` is below the claimed one — atomically, so a refused chunk never reaches
   * a reader. `fenced` wins over `ended`. Throws for a `finish` chunk: only `finish()` may write it.
   */
  append(taskId: string, chunk: UIMessageChunk, options?: WriteOptions): Promise<AppendResult>;
  /**
   * Atomically: when the task still runs (and `options.attempt`, if given, is not fenced), appends
   * `chunks` (the last must be `finish`), sets the terminal status, clears the session's active
   * pointer and starts the TTL. Exactly one caller wins; a fenced one changes nothing.
   * Throws when `chunks` does not end with its only `finish`.
   */
  finish(
    taskId: string,
    status: TerminalTaskStatus,
    chunks: UIMessageChunk[],
    options?: WriteOptions,
  ): Promise<FinishResult>;
  /** Null when unknown or expired. */
  getTask(taskId: string): Promise<StreamTaskState | null>;
  /**
   * Every entry retained in the log, in order, and the state consistent with it (`state.lastId` is
   * the last entry's id): what a new attempt rebuilds the streamed message from. Null when unknown
   * or expired. Does not follow; appends after the snapshot are not in it.
   */
  snapshot(taskId: string): Promise<StreamSnapshot | null>;
  /** The running task of a session, or null. One key lookup, never a scan. */
  activeTaskForSession(sessionId: string): Promise<string | null>;
  /** The task an operation streams into, or null. */
  taskForOperation(operationId: string): Promise<string | null>;
  /**
   * Replays strictly after `afterId` ("0-0" = from the start) in pages, then follows live.
   * `trimmed` when entries after `afterId` were trimmed; throws on a malformed cursor (validate first).
   */
  read(taskId: string, afterId: string): Promise<ReadResult>;
  /**
   * Allows trimming the log to `maxEntries` (its message is saved in the database). Never trims a
   * running task: called before `finish`, the trim happens when the task ends.
   */
  markSaved(taskId: string): Promise<void>;
  /** Asks the producer of a task to stop; works across processes sharing the store. */
  requestCancel(taskId: string): Promise<void>;
  /** The producer's side of cancel; fires at most once, also when cancel was requested before. */
  onCancel(taskId: string, listener: () => void): () => void;
  ping(): Promise<boolean>;
  close(): Promise<void>;
};
