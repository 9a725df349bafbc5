import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { chatMessages } from "../db/schema";
import type { StreamStore } from "../streams/stream-store";
import { failUnfinishedTasks } from "./task-rows";

/**
 * The embedded mode's truthful end state: a turn cut by a restart (crash, kill -9) ends as failed
 * with `server_restarted`, and the partial message its runner last checkpointed is kept, marked
 * as such. Only for PGlite, whose folder lock guarantees no other live process owns a task;
 * the scaled mode hands dead workers' tasks over through leases instead.
 */
export async function endInterruptedTurns(db: Database, streams: StreamStore): Promise<number> {
  const ended = await db.transaction(async (tx) => {
    const ended = await failUnfinishedTasks(tx, "server_restarted");
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
  // With Redis streams the logs outlived the process: end them too, so readers get a truthful
  // end and the sessions are free again (in process they died with it: not_found, nothing to do).
  for (const task of ended) {
    await streams.finish(task.id, "failed", [
      { type: "data-task-status", data: { status: "failed", code: "server_restarted" }, transient: true },
      { type: "error", errorText: "The server restarted while this answer was being written." },
      {
        type: "finish",
        finishReason: "error",
        messageMetadata: { status: "failed", errorCode: "server_restarted" },
      },
    ]);
  }
  return ended.length;
}
