import { z } from "zod";

export const backendHealthSchema = z.object({ driver: z.string(), ok: z.boolean() });
/** The turn queue: jobs waiting for a worker, running, and the workers alive (docs/operations.md). */
export const queueHealthSchema = backendHealthSchema.extend({
  waiting: z.number().int().nonnegative().nullable(),
  active: z.number().int().nonnegative().nullable(),
  workers: z.number().int().nonnegative().nullable(),
});
export const readinessSchema = z.object({
  db: backendHealthSchema,
  streams: backendHealthSchema,
  queue: queueHealthSchema,
  files: backendHealthSchema,
  model: backendHealthSchema,
});
export type Readiness = z.infer<typeof readinessSchema>;
export const livenessSchema = z.object({ status: z.literal("ok") });
