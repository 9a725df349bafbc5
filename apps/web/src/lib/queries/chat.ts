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
  pinnedSessions: () => [...chatKeys.sessions(), "pinned"] as const,
  sessionSearch: (q: string) => [...chatKeys.sessions(), "search", q] as const,
  session: (id: string) => [...chatKeys.all, "session", id] as const,
};

// While a chat in the list shows "answer in progress", the list is re-read this often, so the
// marker follows turns started or finished in other tabs and on other devices.
const RUNNING_REFRESH_MS = 3000;
const anyRunning = (pages: Array<{ items: ChatSession[] }> | undefined) =>
  pages?.some((page) => page.items.some((session) => session.running)) ?? false;

function sessionPages(queryKey: readonly unknown[], filter: { q?: string; pinned?: "true" }) {
  return infiniteQueryOptions({
    queryKey,
    queryFn: async ({ pageParam, signal }) =>
      sessionPageSchema.parse(
        await unwrap(
          api.GET("/api/chat/sessions", {
            params: {
              query: { limit: SESSIONS_PAGE_SIZE, ...filter, ...(pageParam ? { cursor: pageParam } : {}) },
            },
            signal,
          }),
        ),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    refetchInterval: (query) => (anyRunning(query.state.data?.pages) ? RUNNING_REFRESH_MS : false),
  });
}

/** The session list, newest first, one page per `next_cursor`. The chat layout seeds page one. */
export function chatSessionsQueryOptions() {
  return sessionPages(chatKeys.sessions(), {});
}

/** The pinned chats, shown above the rest. */
export function pinnedSessionsQueryOptions() {
  return sessionPages(chatKeys.pinnedSessions(), { pinned: "true" });
}

/** Chats whose title or messages contain `q` (server-side, case-insensitive). */
export function sessionSearchQueryOptions(q: string) {
  return sessionPages(chatKeys.sessionSearch(q), { q });
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

export function pinSessionMutationOptions() {
  return mutationOptions({
    mutationKey: [...chatKeys.all, "pin"],
    mutationFn: async ({ id, pinned }: { id: string; pinned: boolean }): Promise<ChatSession> =>
      chatSessionSchema.parse(
        await unwrap(api.PATCH("/api/chat/sessions/{id}", { params: { path: { id } }, body: { pinned } })),
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

/** Shows another version of a message (‹ 1/2 ›); resolves to the session as it now reads. */
export function selectVersionMutationOptions(sessionId: string) {
  return mutationOptions({
    mutationKey: [...chatKeys.session(sessionId), "select"],
    mutationFn: async (messageId: string): Promise<ChatSessionDetail> =>
      chatSessionDetailSchema.parse(
        await unwrap(
          api.POST("/api/chat/sessions/{id}/messages/{message_id}/select", {
            params: { path: { id: sessionId, message_id: messageId } },
          }),
        ),
      ),
  });
}
