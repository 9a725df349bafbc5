import {
  type OperationProgressData,
  type OperationStatus,
  operationProgressDataSchema,
  operationResultOutputSchema,
  operationStartedOutputSchema,
  type StreamEntry,
} from "@copilot/protocol";
import { z } from "zod";
import type { ToolPart } from "./message-parts";

/**
 * What an operation card starts from, read from its tool part (pure): the `operation_started`
 * output a turn streams, or the `operation_result` the completion puts in its place. Null for
 * every other tool part.
 */
export type OperationRef = {
  operationId: string;
  toolName: string;
  /** Known from `operation_started`; an ended result carries none (the card asks the API). */
  progressTaskId: string | null;
  status: OperationStatus;
  result: unknown;
  error: { code: string; message: string } | null;
};

export function operationRefOf(part: ToolPart): OperationRef | null {
  if (part.state !== "output-available") return null;
  const started = operationStartedOutputSchema.safeParse(part.output);
  if (started.success) {
    return {
      operationId: started.data.operation_id,
      toolName: started.data.tool_name,
      progressTaskId: started.data.progress_task_id,
      status: "running",
      result: null,
      error: null,
    };
  }
  const ended = operationResultOutputSchema.safeParse(part.output);
  if (!ended.success) return null;
  return {
    operationId: ended.data.operation_id,
    toolName: ended.data.tool_name,
    progressTaskId: null,
    status: ended.data.status,
    result: ended.data.result ?? null,
    error: ended.data.error ?? null,
  };
}

/** The progress chunks of an operation's log, oldest first; anything else in the log is skipped. */
export function progressOf(entries: StreamEntry[]): OperationProgressData[] {
  return entries.flatMap((entry) => {
    if (entry.chunk.type !== "data-operation-progress") return [];
    const data = operationProgressDataSchema.safeParse((entry.chunk as { data?: unknown }).data);
    return data.success ? [data.data] : [];
  });
}

/** The steps to list: each step once, in the order first seen, with its latest message. */
export function stepsOf(progress: OperationProgressData[]): Array<{ step: string; message: string }> {
  const steps = new Map<string, string>();
  for (const item of progress) if (item.step !== "end") steps.set(item.step, item.message);
  return [...steps].map(([step, message]) => ({ step, message }));
}

/** A generated agent, as `generate_agent` records it. */
export const generatedAgentSchema = z.looseObject({
  agent_id: z.string().uuid(),
  name: z.string(),
  description: z.string().optional(),
  nodes: z.number().optional(),
  file: z.string().optional(),
});
export type GeneratedAgentView = z.infer<typeof generatedAgentSchema>;

/** Elapsed time as the card shows it: `42 s`, `3 min 05 s`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, "0")} s`;
}

/**
 * The task the chat view follows as the assistant's message: `active_stream`, except when it is
 * an operation's progress log (named by an `operation_started` output in the saved messages),
 * which its operation card follows instead — it is not a message. The chat then stays idle and
 * keeps polling, so the continuation the operation starts is picked up when it begins.
 */
export function messageStreamOf(detail: {
  active_stream: { task_id: string } | null;
  messages: ReadonlyArray<{ parts: ReadonlyArray<{ type: string; [key: string]: unknown }> }>;
}): { task_id: string } | null {
  const active = detail.active_stream;
  if (!active) return null;
  const isProgressLog = detail.messages.some((message) =>
    message.parts.some((part) => {
      const started = operationStartedOutputSchema.safeParse(part.output);
      return started.success && started.data.progress_task_id === active.task_id;
    }),
  );
  return isProgressLog ? null : active;
}
