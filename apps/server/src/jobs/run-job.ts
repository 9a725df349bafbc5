import { isJobName, parseJobPayload } from "./job-catalog";
import { type JobContext, type JobHandlers, NonRetryableError } from "./job-queue";

/**
 * Dispatches a dequeued job to its handler, validating the payload again on the way out: a job
 * added by another version of the server (renamed job, changed payload) is refused as
 * non-retryable instead of running on data its handler does not understand.
 */
export async function runJob(
  handlers: JobHandlers,
  name: string,
  data: unknown,
  ctx: JobContext,
): Promise<void> {
  if (!isJobName(name)) throw new NonRetryableError(`unknown job name "${name}"`);
  let payload: unknown;
  try {
    payload = parseJobPayload(name, data);
  } catch (error) {
    throw new NonRetryableError(`invalid payload for job "${name}"`, { cause: error });
  }
  // The catalog ties each name to its payload type; the union of handlers cannot express that.
  const handler = handlers[name] as (payload: unknown, ctx: JobContext) => Promise<void>;
  await handler(payload, ctx);
}
