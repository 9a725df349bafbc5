import { isTerminalStatus, type TaskStatus } from "@copilot/protocol";
import { eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { chatMessages, chatTasks } from "../db/schema";
import type { StreamStore } from "../streams/stream-store";
import { failUnfinishedTasks } from "./task-rows";
import { terminalChunks } from "./turn-ending";

/** A producer writes `finish` right after ending the row; a stream still open this long after is stale. */
const STALE_STREAM_MS = 5000;

/**
 * Truthful end states for turns whose producer is gone. A turn cut by a crash or `kill -9` ends
 * as failed with `server_restarted`; the partial message its runner last checkpointed is kept,
 * marked as such; its stream gets the terminal chunks (with Redis the log outlived the process;
 * in process it died with it and there is nothing to end), which also frees the session.
 */

/** At the start of an embedded server: its folder lock proves no other live process owns a task. */
export function endInterruptedTurns(db: Database, streams: StreamStore): Promise<number> {
  return endTurns(db, streams);
}

/**
 * Any serving process, every heartbeat: the running or queued turns whose producer has not
 * reported alive within `leaseSeconds` (database time), or that name no producer (written before
 * producers were recorded). A queued turn names the process that queued it, whose in-process queue
 * holds its job. Each row is ended by exactly one sweeper (the update re-checks its status).
 */
export function endOrphanedTurns(db: Database, streams: StreamStore, leaseSeconds: number): Promise<number> {
  return endTurns(
    db,
    streams,
    sql`(${chatTasks.producerId} is null or ${chatTasks.producerId} not in (
      select id from server_processes where heartbeat_at > now() - make_interval(secs => ${leaseSeconds})
    ))`,
  );
}

async function endTurns(db: Database, streams: StreamStore, which?: SQL): Promise<number> {
  const ended = await db.transaction(async (tx) => {
    const ended = await failUnfinishedTasks(tx, "server_restarted", which);
    const endState = { status: "failed", errorCode: "server_restarted" } as const;
    for (const task of ended) {
      // The checkpointed partial answer gets the end state; a turn cut before its first checkpoint
      // (or still queued) gets an empty answer carrying it, so a reload shows that it failed.
      await tx
        .insert(chatMessages)
        .values({
          sessionId: task.sessionId,
          id: task.messageId,
          role: "assistant",
          parts: [],
          metadata: { taskId: task.id, sessionId: task.sessionId, ...endState },
          taskId: task.id,
          parentId: task.parentMessageId,
        })
        .onConflictDoUpdate({
          target: [chatMessages.sessionId, chatMessages.id],
          set: {
            metadata: sql`coalesce(${chatMessages.metadata}, '{}'::jsonb) || ${JSON.stringify(endState)}::jsonb`,
          },
        });
    }
    return ended;
  });
  for (const task of ended) {
    // The store may be down: the row has ended either way, and the session's next page load or
    // turn ends a stream left open (`endStaleStream`). One failure must not skip the others.
    await streams
      .finish(task.id, "failed", [
        { type: "data-task-status", data: { status: "failed", code: "server_restarted" }, transient: true },
        { type: "error", errorText: "The server writing this answer stopped before it could finish." },
        {
          type: "finish",
          finishReason: "error",
          messageMetadata: { status: "failed", errorCode: "server_restarted" },
        },
      ])
      .catch(() => null);
  }
  return ended.length;
}

/**
 * A session held by a turn whose row has ended but whose stream never got `finish`: its producer
 * lost the stream store (Redis) mid-turn and stopped (shutdown, crash) before the store came
 * back with the log. Writes the terminal chunks the row describes, which ends its readers and
 * frees the session. True when this call ended the stream.
 */
export async function endStaleStream(db: Database, streams: StreamStore, taskId: string): Promise<boolean> {
  const [row] = await db
    .select({ status: chatTasks.status, errorCode: chatTasks.errorCode, endedAt: chatTasks.endedAt })
    .from(chatTasks)
    .where(eq(chatTasks.id, taskId));
  if (!row || !isTerminalStatus(row.status)) return false;
  if (!row.endedAt || Date.now() - row.endedAt.getTime() < STALE_STREAM_MS) return false;
  return finishStreamAsRow(streams, { id: taskId, ...row });
}

/** Writes the terminal chunks an ended row describes (when the stream has none yet); true when this call ended it. */
export async function finishStreamAsRow(
  streams: StreamStore,
  row: { id: string; status: TaskStatus; errorCode: string | null },
): Promise<boolean> {
  if (!isTerminalStatus(row.status)) return false;
  const code = (row.errorCode ?? null) as Parameters<typeof terminalChunks>[1];
  const reason = row.status === "completed" ? "stop" : row.status === "failed" ? "error" : "other";
  const finished = await streams.finish(row.id, row.status, terminalChunks(row.status, code, null, reason));
  return finished.kind === "finished";
}

/** The session's running task, after ending a stale stream that held it (see `endStaleStream`). */
export async function activeTaskOf(
  db: Database,
  streams: StreamStore,
  sessionId: string,
): Promise<string | null> {
  const active = await streams.activeTaskForSession(sessionId);
  if (!active || !(await endStaleStream(db, streams, active))) return active;
  return streams.activeTaskForSession(sessionId);
}
