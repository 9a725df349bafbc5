import type { MessageMetadata, TaskErrorCode, TerminalTaskStatus, UIMessageChunk } from "@copilot/protocol";
import { and, eq, inArray } from "drizzle-orm";
import type { Logger } from "pino";
import type { Database } from "../db/client";
import { chatTasks } from "../db/schema";
import type { JobQueue } from "../jobs/job-queue";
import type { StreamStore } from "../streams/stream-store";
import { saveAssistantMessage } from "./messages";
import { finishStreamAsRow } from "./recovery";
import { markTaskEnded, type TaskRow } from "./task-rows";
import { assembleMessage, terminalChunks } from "./turn-ending";

type QueueEnv = { db: Database; streams: StreamStore; jobs: JobQueue; log: Logger };

const NO_WORKER_TEXT = "No worker was free to write this answer in time. Please try again.";
/** A row this young may belong to a job being enqueued right now. */
const SETTLE_SECONDS = 30;

/**
 * Ends a turn no worker ever started (cancelled while queued, or timed out as `no_worker`); the
 * caller has removed its job from the queue, so nothing else writes it. The empty answer is saved
 * with its end state, as a reader of the stream sees it.
 */
export async function endUnstartedTurn(
  env: Pick<QueueEnv, "db" | "streams">,
  row: Pick<TaskRow, "id" | "sessionId" | "messageId">,
  status: Extract<TerminalTaskStatus, "cancelled" | "failed">,
  code: TaskErrorCode | null,
): Promise<void> {
  const terminal: UIMessageChunk[] = terminalChunks(
    status,
    code,
    code === "no_worker" ? NO_WORKER_TEXT : null,
    status === "failed" ? "error" : "other",
  );
  const metadata: MessageMetadata = { taskId: row.id, sessionId: row.sessionId };
  const message = await assembleMessage({ id: row.messageId, role: "assistant", parts: [], metadata }, [
    { type: "start", messageId: row.messageId },
    ...terminal,
  ]);
  await env.db.transaction(async (tx) => {
    if (await markTaskEnded(tx, row.id, status, code))
      await saveAssistantMessage(tx, row.sessionId, row.id, message);
  });
  await env.streams.finish(row.id, status, terminal);
}

/**
 * Every process, periodically: turns that waited longer than `queueTimeoutSeconds` for a worker
 * end as `no_worker`; with a shared queue (BullMQ), turns whose job no longer exists (Redis lost
 * it, or its handler died on a bug) end as failed instead of staying `running`. With the
 * in-process queue another process's jobs are invisible here, so only the first check runs (the
 * database heartbeat covers dead processes, docs/operations.md).
 */
export async function sweepQueuedTurns(env: QueueEnv, queueTimeoutSeconds: number): Promise<number> {
  const rows = await env.db
    .select()
    .from(chatTasks)
    .where(and(eq(chatTasks.kind, "chat_turn"), inArray(chatTasks.status, ["queued", "running"])));
  let ended = 0;
  for (const row of rows) {
    const job = await env.jobs.state(row.id);
    if (job.state === "waiting") {
      const waited = (Date.now() - row.createdAt.getTime()) / 1000;
      if (waited < queueTimeoutSeconds || !(await env.jobs.removeWaiting(row.id))) continue;
      await endUnstartedTurn(env, row, "failed", "no_worker");
      env.log.warn({ taskId: row.id, waited }, "a turn waited too long for a worker; ended as no_worker");
      ended += 1;
    } else if (
      job.state === "unknown" &&
      env.jobs.driver === "bullmq" &&
      Date.now() - row.updatedAt.getTime() > SETTLE_SECONDS * 1000
    ) {
      const lost = { id: row.id, status: "failed", errorCode: "stream_unavailable" } as const;
      if (!(await markTaskEnded(env.db, row.id, lost.status, lost.errorCode))) continue;
      await finishStreamAsRow(env.streams, lost).catch(() => false);
      env.log.error({ taskId: row.id }, "a turn's job is gone from the queue; ended as stream_unavailable");
      ended += 1;
    }
  }
  return ended;
}
