import { z } from "zod";
import { isoDateTime, uuid } from "./common";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
export const SESSION_COOKIE = "copilot_session";

export const credentialsSchema = z.object({
  email: z.email().max(254),
  password: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX),
});
export type Credentials = z.infer<typeof credentialsSchema>;

export const userSchema = z.object({ id: uuid, email: z.string(), created_at: isoDateTime });
export type User = z.infer<typeof userSchema>;
export const userResponseSchema = z.object({ user: userSchema });

export const createApiKeySchema = z.object({ name: z.string().trim().min(1).max(100) });
export const apiKeySchema = z.object({
  id: uuid,
  name: z.string(),
  created_at: isoDateTime,
  last_used_at: isoDateTime.nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;
/** The plaintext `key` appears in this response only. */
export const createdApiKeySchema = z.object({
  id: uuid,
  name: z.string(),
  key: z.string(),
  created_at: isoDateTime,
});
export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) });
