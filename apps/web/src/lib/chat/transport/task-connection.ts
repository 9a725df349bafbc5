import { type PostMessageBody, STREAM_START_CURSOR, type StreamEntry, sleep } from "@copilot/protocol";
import { type ApiError, toApiError } from "../../api/api-error";
import { type BackoffOptions, backoffDelay, defaultBackoff } from "./backoff";
import { readSseEntries } from "./sse-reader";

/** What to attach to: a new turn (its POST answers the stream), or a running task by id. */
export type StreamSource =
  | { kind: "post"; sessionId: string; body: PostMessageBody }
  | { kind: "task"; taskId: string };

export type ConnectionEnd =
  | { kind: "finished" }
  | { kind: "stopped" }
  /** An answer that retrying cannot change (404, 410 task_expired, 409 cursor_trimmed, 413, …). */
  | { kind: "rejected"; error: ApiError };

type ConnectionEvents = {
  onEntry(entry: StreamEntry): void;
  /** The task id, once known (from `start.messageMetadata.taskId`, or a 409 `turn_active`). */
  onTaskId(taskId: string, how: "started" | "turn_active"): void;
  /** True from a drop until the next successful attach. */
  onReconnecting(reconnecting: boolean): void;
};

export type ConnectionOptions = {
  source: StreamSource;
  /** The last entry id the caller has applied: every re-attach resumes strictly after it. */
  lastId(): string | null;
  events: ConnectionEvents;
  fetch?: typeof fetch;
  backoff?: BackoffOptions;
  /** Used when the response lacks `x-copilot-heartbeat-ms` (docs/api.md §1 default). */
  defaultHeartbeatMs?: number;
};

export type TaskConnection = {
  /** Re-attach now if detached, or if the open connection has been silent for a heartbeat. */
  nudge(): void;
  /** Closes the connection (never cancels the task: closing is not stopping). */
  stop(): void;
  readonly done: Promise<ConnectionEnd>;
};

export const HEARTBEAT_HEADER = "x-copilot-heartbeat-ms";
const DEFAULT_HEARTBEAT_MS = 15_000;

// Statuses that a retry can fix: the server is busy, restarting or unreachable behind a proxy.
const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

function heartbeatOf(response: Response, fallback: number): number {
  const value = Number(response.headers.get(HEARTBEAT_HEADER));
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function taskIdOf(entry: StreamEntry): string | null {
  if (entry.chunk.type !== "start") return null;
  const metadata = entry.chunk.messageMetadata;
  if (typeof metadata !== "object" || metadata === null || !("taskId" in metadata)) return null;
  return typeof metadata.taskId === "string" ? metadata.taskId : null;
}

/**
 * Follows one task's stream to its `finish`, across drops: a network error, a body that ends
 * without `finish`, or a stall (no byte for 2 × the server's heartbeat) re-attaches with
 * `?last_message_id=<last applied id>` after a bounded, jittered backoff. A POST that drops before
 * its `start` arrived is repeated as is: its `client_message_id` makes the server attach to the turn
 * it already started instead of starting another.
 */
export function connectTask(options: ConnectionOptions): TaskConnection {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const backoff = options.backoff ?? defaultBackoff;
  const fallbackHeartbeat = options.defaultHeartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const stopped = new AbortController();
  let taskId = options.source.kind === "task" ? options.source.taskId : null;
  let attempt: AbortController | null = null;
  let wake: AbortController | null = null;
  let lastByteAt = 0;
  let heartbeatMs = fallbackHeartbeat;
  let reconnecting = false;

  function setReconnecting(value: boolean) {
    if (reconnecting === value) return;
    reconnecting = value;
    options.events.onReconnecting(value);
  }

  function request(signal: AbortSignal): Promise<Response> {
    const headers = { accept: "text/event-stream" };
    const init = { credentials: "same-origin", cache: "no-store", signal } as const;
    if (taskId !== null) {
      const cursor = encodeURIComponent(options.lastId() ?? STREAM_START_CURSOR);
      return fetchImpl(`/api/chat/tasks/${taskId}/stream?last_message_id=${cursor}`, { ...init, headers });
    }
    if (options.source.kind !== "post") throw new Error("a task source always has a task id");
    return fetchImpl(`/api/chat/sessions/${options.source.sessionId}/stream`, {
      ...init,
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(options.source.body),
    });
  }

  /** One attach: resolves to the end of the task, "retry" after a drop, or an error to report. */
  async function attachOnce(): Promise<
    ConnectionEnd | { kind: "retry"; progressed: boolean; delayMs?: number } | { kind: "switched" }
  > {
    const controller = new AbortController();
    attempt = controller;
    const onStop = () => controller.abort();
    stopped.signal.addEventListener("abort", onStop, { once: true });
    let stall: ReturnType<typeof setTimeout> | undefined;
    let progressed = false;
    const armStall = () => {
      clearTimeout(stall);
      stall = setTimeout(() => controller.abort(), 2 * heartbeatMs);
    };
    try {
      // Armed before the headers too: a request stuck in the browser's queue is a stall as well.
      armStall();
      const response = await request(controller.signal);
      if (!response.ok || !response.body) {
        const error = toApiError(await response.json().catch(() => null), response);
        if (error.code === "turn_active" && taskId === null && typeof error.details.task_id === "string") {
          // Another turn runs in this session: attach to it instead of failing.
          taskId = error.details.task_id;
          options.events.onTaskId(taskId, "turn_active");
          return { kind: "switched" };
        }
        if (retryable(response.status)) {
          const delayMs = error.retryAfterSeconds === null ? undefined : error.retryAfterSeconds * 1000;
          return { kind: "retry", progressed: false, delayMs };
        }
        return { kind: "rejected", error };
      }
      heartbeatMs = heartbeatOf(response, fallbackHeartbeat);
      lastByteAt = Date.now();
      setReconnecting(false);
      armStall();
      const end = await readSseEntries(response.body, {
        onActivity() {
          lastByteAt = Date.now();
          armStall();
        },
        onEntry(entry) {
          progressed = true;
          const started = taskId === null ? taskIdOf(entry) : null;
          if (started) {
            taskId = started;
            options.events.onTaskId(started, "started");
          }
          options.events.onEntry(entry);
        },
      });
      return end === "finished" ? { kind: "finished" } : { kind: "retry", progressed };
    } catch {
      if (stopped.signal.aborted) return { kind: "stopped" };
      // A network error, a reset socket or our own stall abort: a disconnect.
      return { kind: "retry", progressed };
    } finally {
      clearTimeout(stall);
      stopped.signal.removeEventListener("abort", onStop);
      attempt = null;
    }
  }

  async function run(): Promise<ConnectionEnd> {
    let failures = 0;
    for (;;) {
      if (stopped.signal.aborted) return { kind: "stopped" };
      const result = await attachOnce();
      if (result.kind === "switched") continue;
      if (result.kind !== "retry") {
        setReconnecting(false);
        return stopped.signal.aborted ? { kind: "stopped" } : result;
      }
      if (stopped.signal.aborted) return { kind: "stopped" };
      setReconnecting(true);
      // Progress proves the path works: the next retry starts from the shortest delay again.
      failures = result.progressed ? 0 : failures + 1;
      wake = new AbortController();
      const delay = result.delayMs ?? backoffDelay(failures, backoff);
      await sleep(delay, AbortSignal.any([wake.signal, stopped.signal]));
      wake = null;
    }
  }

  return {
    nudge() {
      if (wake) {
        wake.abort();
        return;
      }
      if (attempt && Date.now() - lastByteAt > heartbeatMs) attempt.abort();
    },
    stop() {
      stopped.abort();
    },
    done: run(),
  };
}
