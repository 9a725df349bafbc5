import type { z } from "zod";
import { AppError } from "../../errors";

/** Validates a renderer's input; the first issue becomes a `bad_request` the caller can show. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  throw new AppError(
    "bad_request",
    `invalid ${what}${where}: ${issue?.message ?? "invalid input"}`,
    {},
    { cause: parsed.error },
  );
}
