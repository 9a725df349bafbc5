/**
 * Our job ids are any string, but BullMQ refuses a
 * custom id with a ":" (unless it has exactly two, its old repeatable-job form) because ":" joins
 * its Redis keys. So ":" travels as "%3A" and "%" as "%25": ids without either, like the task ids
 * of turns, are unchanged, and the mapping is reversible.
 */
export function toBullmqId(jobId: string): string {
  return jobId.replace(/[%:]/g, (char) => (char === "%" ? "%25" : "%3A"));
}

export function fromBullmqId(id: string): string {
  return id.replace(/%(25|3A)/g, (_, code: string) => (code === "25" ? "%" : ":"));
}
