import { z } from "zod";

export const backendHealthSchema = z.object({ driver: z.string(), ok: z.boolean() });
export const readinessSchema = z.object({
  db: backendHealthSchema,
  streams: backendHealthSchema,
  queue: backendHealthSchema,
  files: backendHealthSchema,
  model: backendHealthSchema,
});
export type Readiness = z.infer<typeof readinessSchema>;
export const livenessSchema = z.object({ status: z.literal("ok") });
