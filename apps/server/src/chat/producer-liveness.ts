import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Database } from "../db/client";
import { serverProcesses } from "../db/schema";
import type { StreamStore } from "../streams/stream-store";
import { endOrphanedTurns } from "./recovery";

/**
 * Which serving processes are alive, so a turn whose process died mid-answer (kill -9, a lost
 * machine) does not stay `running` with its session held. Each process records itself in
 * `server_processes` and beats every third of the lease, in database time so the clocks of
 * different machines never matter; each beat also ends the running turns whose producer has been
 * silent for a whole lease. A producer that was only stalled past its lease finds its task ended
 * at its next append and stops (the stream store refuses appends after the terminal status).
 */
export type ProducerLiveness = {
  /** This process's id, recorded on the tasks it produces. */
  readonly id: string;
  /** One beat: report alive, then end orphaned turns; returns how many it ended. */
  beat(): Promise<number>;
  /** Stops beating and removes this process's row (its turns have ended by then). */
  close(): Promise<void>;
};

export type LivenessEnv = { db: Database; streams: StreamStore; log: Logger; leaseSeconds: number };

const PRUNE_AFTER = "1 day";

export async function startProducerLiveness(env: LivenessEnv): Promise<ProducerLiveness> {
  const { db, streams, log, leaseSeconds } = env;
  const id = randomUUID();
  // An upsert, so a process whose row was pruned (paused for a day) comes back to life.
  const reportAlive = () =>
    db
      .insert(serverProcesses)
      .values({ id, startedAt: sql`now()`, heartbeatAt: sql`now()` })
      .onConflictDoUpdate({ target: serverProcesses.id, set: { heartbeatAt: sql`now()` } });
  await reportAlive();

  let beating: Promise<number> | null = null;
  const beat = () => {
    // One beat at a time: a slow database must not pile them up.
    beating ??= (async () => {
      try {
        await reportAlive();
        await db.execute(
          sql`delete from server_processes where heartbeat_at < now() - interval '${sql.raw(PRUNE_AFTER)}'`,
        );
        const ended = await endOrphanedTurns(db, streams, leaseSeconds);
        if (ended > 0)
          log.warn({ ended }, "turns of a server process that stopped ended as failed (server_restarted)");
        return ended;
      } finally {
        beating = null;
      }
    })();
    return beating;
  };
  const timer = setInterval(
    () => {
      beat().catch((error) => log.warn({ err: error }, "liveness beat failed"));
    },
    (leaseSeconds * 1000) / 3,
  );
  timer.unref();

  return {
    id,
    beat,
    async close() {
      clearInterval(timer);
      await beating?.catch(() => {});
      await db.delete(serverProcesses).where(eq(serverProcesses.id, id));
    },
  };
}
