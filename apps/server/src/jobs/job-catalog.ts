import { z } from "zod";

/**
 * Every job the system runs: name → payload schema and retry policy (docs/operations.md, "Jobs and
 * BullMQ settings"). The payload is validated when a job is added and again when a worker takes it,
 * so a job written by another version of the server is refused rather than half-understood. A
 * handler for each name is required by `JobHandlers`, so a missing one is a compile error.
 */
export type JobBackoff = { type: "fixed" | "exponential"; delayMs: number };

export type JobSpec = {
  payload: z.ZodType;
  /** Runs of the handler that may fail (throw) before the job is given up. */
  attempts: number;
  backoff: JobBackoff | null;
};

export const jobCatalog = {
  chat_turn: {
    payload: z.object({
      taskId: z.string().uuid(),
      sessionId: z.string().uuid(),
      userId: z.string().uuid(),
      messageId: z.string().uuid(),
      /** Set on the assistant's continuation after an operation ended (docs/operations.md "Completion"). */
      operationId: z.string().uuid().optional(),
    }),
    // A turn's handler never throws for a model/tool failure (it ends the turn itself); deaths are
    // counted by stall detection, not by attempts.
    attempts: 1,
    backoff: null,
  },
  /**
   * An agent run started through the REST API (docs/agents.md "Runs"). A worker that dies mid-run
   * is reclaimed by stall detection and the run starts again from its first node.
   */
  agent_run: {
    payload: z.object({ runId: z.string().uuid() }),
    attempts: 1,
    backoff: null,
  },
  /**
   * A long-running tool's work (docs/operations.md "Operations"). Not retried on a throw: the
   * handler ends the operation itself; a worker that dies mid-run is reclaimed by stall detection
   * and the new attempt starts the work again (generation and runs are safe to repeat).
   */
  operation_run: {
    payload: z.object({ operationId: z.string().uuid() }),
    attempts: 1,
    backoff: null,
  },
  /**
   * An operation's completion, from our worker or an external service's webhook (job id
   * `complete:<operation id>`, so a repeat adds nothing). At least once: a handler that throws is
   * retried with backoff and, after the last attempt, kept as failed (the dead letters).
   */
  operation_complete: {
    payload: z.object({
      operationId: z.string().uuid(),
      success: z.boolean(),
      result: z.unknown().optional(),
      error: z.object({ code: z.string(), message: z.string() }).nullable().optional(),
    }),
    attempts: 5,
    backoff: { type: "exponential", delayMs: 1_000 },
  },
  /**
   * A chat's title written by the model after its first answer (chat/session-title.ts; job id
   * `title-<session id>`, so one per chat). Retried once: a title is a nicety, never a blocker.
   */
  chat_title: {
    payload: z.object({ sessionId: z.string().uuid() }),
    attempts: 2,
    backoff: { type: "fixed", delayMs: 5_000 },
  },
} as const satisfies Record<string, JobSpec>;

export type JobName = keyof typeof jobCatalog;
export type JobPayload<N extends JobName> = z.infer<(typeof jobCatalog)[N]["payload"]>;

/** A job's retry policy, widened from the literal catalog entry. */
export function jobSpec(name: JobName): JobSpec {
  return jobCatalog[name];
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobCatalog, name);
}

/** The payload, typed, or a thrown ZodError naming the bad field. */
export function parseJobPayload<N extends JobName>(name: N, payload: unknown): JobPayload<N> {
  return jobCatalog[name].payload.parse(payload) as JobPayload<N>;
}
