import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { chatMessages, chatTasks } from "../db/schema";
import type { StreamStore } from "../streams/stream-store";
import { failUnfinishedTasks } from "./task-rows";

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
 * Any serving process, every heartbeat: the running turns whose producer has not reported alive
 * within `leaseSeconds` (database time), or that name no producer (written before producers were
 * recorded). Each row is ended by exactly one sweeper (the update re-checks its status).
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
    for (const task of ended) {
      await tx
        .update(chatMessages)
        .set({
          metadata: sql`coalesce(${chatMessages.metadata}, '{}'::jsonb) || ${JSON.stringify({
            status: "failed",
            errorCode: "server_restarted",
          })}::jsonb`,
        })
        .where(and(eq(chatMessages.sessionId, task.sessionId), eq(chatMessages.id, task.messageId)));
    }
    return ended;
  });
  for (const task of ended) {
    await streams.finish(task.id, "failed", [
      { type: "data-task-status", data: { status: "failed", code: "server_restarted" }, transient: true },
      { type: "error", errorText: "The server writing this answer stopped before it could finish." },
      {
        type: "finish",
        finishReason: "error",
        messageMetadata: { status: "failed", errorCode: "server_restarted" },
      },
    ]);
  }
  return ended.length;
}
