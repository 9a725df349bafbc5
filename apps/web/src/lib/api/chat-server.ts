import {
  type ChatModel,
  type ChatSession,
  type ChatSessionDetail,
  chatModelSchema,
  chatSessionDetailSchema,
  chatSessionSchema,
  type Page,
  pageSchema,
  readinessSchema,
} from "@copilot/protocol";
import { cache } from "react";
import { SESSIONS_PAGE_SIZE } from "../queries/chat";
import { toApiError } from "./api-error";
import { requestApi } from "./server";

/**
 * Chat data for server components, with the browser's cookie. Each is cached per request, so a
 * layout and a page (or generateMetadata) share one round-trip.
 */

/** The session with its messages and `active_stream`, or null when it does not exist (or is not ours). */
export const getChatSession = cache(async (id: string): Promise<ChatSessionDetail | null> => {
  const { data, error, response } = await (await requestApi()).GET("/api/chat/sessions/{id}", {
    params: { path: { id } },
  });
  // A malformed id is a 400 from the route; for a page it is as absent as an unknown one.
  if (response.status === 404 || response.status === 400) return null;
  if (error !== undefined || !response.ok) throw toApiError(error, response);
  return chatSessionDetailSchema.parse(data);
});

/** The first page of the session list, newest first. */
export const listChatSessions = cache(async (): Promise<Page<ChatSession>> => {
  const { data, error, response } = await (await requestApi()).GET("/api/chat/sessions", {
    params: { query: { limit: SESSIONS_PAGE_SIZE } },
  });
  if (error !== undefined || !response.ok) throw toApiError(error, response);
  return pageSchema(chatSessionSchema).parse(data);
});

/**
 * The configured model provider (`offline`, `openai`, …) from `/readyz`, for the model badge of a
 * conversation that has no answer yet. Null when it cannot be read: the badge then waits for the
 * first answer's metadata.
 */
export const getModelProvider = cache(async (): Promise<string | null> => {
  try {
    // 503 (a backend is down) still names the model provider in its body.
    const { data, error } = await (await requestApi()).GET("/readyz");
    const parsed = readinessSchema.safeParse(data ?? error);
    return parsed.success ? parsed.data.model.driver : null;
  } catch {
    return null;
  }
});

/** The model that answers (provider and name), for the settings page. */
export const getChatModel = cache(async (): Promise<ChatModel> => {
  const { data, error, response } = await (await requestApi()).GET("/api/chat/model");
  if (error !== undefined || !response.ok) throw toApiError(error, response);
  return chatModelSchema.parse(data);
});
