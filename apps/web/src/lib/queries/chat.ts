import {
  type ChatSession,
  type ChatSessionDetail,
  cancelTaskResponseSchema,
  chatSessionDetailSchema,
  chatSessionSchema,
  pageSchema,
  type TaskStatus,
} from "@copilot/protocol";
import { infiniteQueryOptions, mutationOptions, queryOptions } from "@tanstack/react-query";
import { api, expectOk, unwrap } from "../api/client";

export const SESSIONS_PAGE_SIZE = 30;
const sessionPageSchema = pageSchema(chatSessionSchema);

export const chatKeys = {
  all: ["chat"] as const,
  sessions: () => [...chatKeys.all, "sessions"] as const,
  session: (id: string) => [...chatKeys.all, "session", id] as const,
};

/** The session list, newest first, one page per `next_cursor`. The chat layout seeds page one. */
export function chatSessionsQueryOptions() {
  return infiniteQueryOptions({
    queryKey: chatKeys.sessions(),
    queryFn: async ({ pageParam, signal }) =>
      sessionPageSchema.parse(
        await unwrap(
          api.GET("/api/chat/sessions", {
            params: { query: { limit: SESSIONS_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
            signal,
          }),
        ),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
}

/**
 * One session with its saved messages and `active_stream`. The page's server component seeds it;
 * afterwards only the session's stream coordinator refreshes it (after a turn, and by light
 * polling in the leader tab), so it never refetches on its own.
 */
export function chatSessionQueryOptions(id: string) {
  return queryOptions({
    queryKey: chatKeys.session(id),
    queryFn: async ({ signal }): Promise<ChatSessionDetail> =>
      chatSessionDetailSchema.parse(
        await unwrap(api.GET("/api/chat/sessions/{id}", { params: { path: { id } }, signal })),
      ),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

export function createSessionMutationOptions() {
  return mutationOptions({
    mutationKey: [...chatKeys.all, "create"],
    mutationFn: async (title?: string): Promise<ChatSession> =>
      chatSessionSchema.parse(await unwrap(api.POST("/api/chat/sessions", { body: title ? { title } : {} }))),
  });
}

export function renameSessionMutationOptions() {
  return mutationOptions({
    mutationKey: [...chatKeys.all, "rename"],
    mutationFn: async ({ id, title }: { id: string; title: string }): Promise<ChatSession> =>
      chatSessionSchema.parse(
        await unwrap(api.PATCH("/api/chat/sessions/{id}", { params: { path: { id } }, body: { title } })),
      ),
  });
}

export function deleteSessionMutationOptions() {
  return mutationOptions({
    mutationKey: [...chatKeys.all, "delete"],
    mutationFn: (id: string): Promise<void> =>
      expectOk(api.DELETE("/api/chat/sessions/{id}", { params: { path: { id } } })),
  });
}

/** Stop: idempotent on the server; resolves to the task's status once it has ended (or still running). */
export async function cancelTask(taskId: string): Promise<TaskStatus> {
  const body = await unwrap(
    api.POST("/api/chat/tasks/{task_id}/cancel", { params: { path: { task_id: taskId } } }),
  );
  return cancelTaskResponseSchema.parse(body).status;
}
