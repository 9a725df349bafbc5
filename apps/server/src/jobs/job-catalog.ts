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
    }),
    // A turn's handler never throws for a model/tool failure (it ends the turn itself); deaths are
    // counted by stall detection, not by attempts.
    attempts: 1,
    backoff: null,
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
