import { entryIdSchema, STREAM_START_CURSOR } from "@copilot/protocol";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import { sendSse } from "../http/sse";

/** How SSE routes appear in the OpenAPI document (the body is `text/event-stream`, not JSON). */
export const sseResponse = {
  description: "AI SDK UI message stream (v1) as server-sent events; every frame has `id: <entry id>`",
  content: { "text/event-stream": { schema: z.string() } },
};

/** The resume cursor: `?last_message_id=` or the standard `Last-Event-ID` header; `0-0` = from the start. */
export function cursorOf(request: FastifyRequest, query: string | undefined): string {
  const header = request.headers["last-event-id"];
  const cursor = query ?? (typeof header === "string" ? header : undefined) ?? STREAM_START_CURSOR;
  if (!entryIdSchema.safeParse(cursor).success)
    throw new AppError("invalid_cursor", "cursor must look like <ms>-<seq>");
  return cursor;
}

/** Streams a task the caller owns (checked by the caller) strictly after `cursor`, then live. */
export async function streamTask(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  taskId: string,
  cursor: string,
): Promise<void> {
  const result = await deps.streams.read(taskId, cursor);
  switch (result.kind) {
    case "not_found":
      // The row exists (ownership was checked) but its chunk log has expired.
      throw new AppError("task_expired", "this task's stream has expired; its message is in the session");
    case "trimmed":
      throw new AppError("cursor_trimmed", "the stream no longer holds entries after this cursor", {
        oldest_id: result.oldestId,
      });
    case "stream": {
      const end = await sendSse(request, reply, result.reader, {
        heartbeatMs: deps.config.streams.heartbeatMs,
        onShutdown: deps.lifecycle.onShutdown,
      });
      if (end.reason === "overflow" || end.reason === "error") {
        request.log.info({ taskId, end }, "stream response ended early; the client resumes from its last id");
      }
    }
  }
}
