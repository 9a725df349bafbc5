import { z } from "zod";

export const isoDateTime = z.iso.datetime({ offset: true });
export const uuid = z.uuid();

/** `?limit=` (default 50, max 200; more is a 400) and an opaque `?cursor=`. */
export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(512).optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next_cursor: z.string().nullable() });
}
export type Page<T> = { items: T[]; next_cursor: string | null };

export const idParamsSchema = z.object({ id: uuid });
