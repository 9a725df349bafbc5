import type {
  FinishReason,
  MessageMetadata,
  TaskErrorCode,
  TerminalTaskStatus,
  UIMessage,
  UIMessageChunk,
} from "@copilot/protocol";
import {
  convertToModelMessages,
  type LanguageModel,
  type UIMessage as SdkUIMessage,
  stepCountIs,
  streamText,
} from "ai";
import type { Logger } from "pino";
import type { Database } from "../db/client";
import type { StreamStore } from "../streams/stream-store";
import { createTaskWriter, type TaskWriter } from "../streams/task-writer";
import { createMessageAssembler } from "./message-assembler";
import { saveAssistantMessage } from "./messages";
import { markTaskEnded, recordLastEntry } from "./task-rows";
import type { ToolFactory } from "./tools";
import type { TurnControl } from "./turn-registry";

export type TurnJob = {
  taskId: string;
  sessionId: string;
  userId: string;
  messageId: string;
  /** The conversation up to and including the user message being answered. */
  history: UIMessage[];
};

export type TurnDeps = {
  db: Database;
  streams: StreamStore;
  model: LanguageModel;
  modelLabel: string;
  tools: ToolFactory;
  log: Logger;
  coalesceMs: number;
};

const SYSTEM = [
  "You are CoPilot, an assistant with a persistent file workspace for the user.",
  "Use the workspace tools to list, read, save and delete files; paths are the ones the Files page shows (relative = from the workspace root); files you make for this chat go in its folder.",
  "Files and generated media are referenced as workspace://<id>#<mime>; embed images as markdown images with that reference.",
].join(" ");

const MAX_STEPS = 8;
const CHECKPOINT_MS = 2000;

class TaskEndedElsewhere extends Error {}

/**
 * Produces one assistant message into the task's stream: exactly one `start`, the model's chunks,
 * then exactly one terminal sequence. The message is committed to the database (with the task's
 * terminal status) BEFORE `finish` is appended and the session's active pointer is cleared, so a
 * page load always sees either the message or `active_stream`.
 */
export async function runTurn(deps: TurnDeps, job: TurnJob, control: TurnControl): Promise<void> {
  const { taskId, sessionId, messageId } = job;
  const metadata: MessageMetadata = { taskId, sessionId, model: deps.modelLabel };
  const writer = createTaskWriter(deps.streams, taskId, { coalesceMs: deps.coalesceMs });
  const assembler = createMessageAssembler({ id: messageId, role: "assistant", parts: [], metadata });
  const checkpoints = createCheckpointer(() =>
    saveAssistantMessage(deps.db, sessionId, taskId, assembler.current()),
  );

  const emit = async (chunk: UIMessageChunk) => {
    const result = await writer.write(chunk);
    if (result.kind !== "accepted") throw new TaskEndedElsewhere(result.kind);
    assembler.push(chunk);
    checkpoints.maybe();
  };

  let failure: { code: TaskErrorCode; text: string } | null = null;
  let finishReason: FinishReason = "stop";
  try {
    await emit({ type: "start", messageId, messageMetadata: metadata });
    const result = streamText({
      model: deps.model,
      system: SYSTEM,
      // Stored messages were written by the SDK's own reader (message-assembler), so they have its shape.
      messages: await convertToModelMessages(job.history as SdkUIMessage[], {
        ignoreIncompleteToolCalls: true,
      }),
      tools: deps.tools({ userId: job.userId, sessionId, taskId, signal: control.signal }),
      stopWhen: stepCountIs(MAX_STEPS),
      abortSignal: control.signal,
      onFinish: (event) => {
        finishReason = event.finishReason;
      },
    });
    const chunks = result.toUIMessageStream({
      sendStart: false,
      sendFinish: false,
      sendReasoning: true,
      // Called for tool errors too (they become `tool-output-error` and the model carries on);
      // only an `error` chunk in the stream means the turn itself failed.
      onError: (error) => describeFailure(error).text,
    });
    for await (const chunk of chunks) {
      // Our own terminal sequence replaces the SDK's error/abort chunks.
      if (chunk.type === "error") {
        failure ??= { code: "model_error", text: chunk.errorText };
        break;
      }
      if (chunk.type === "abort") break;
      if (control.stopReason()) break;
      await emit(chunk);
    }
  } catch (error) {
    if (error instanceof TaskEndedElsewhere) {
      deps.log.warn({ taskId }, "task ended elsewhere; producer stops");
      return;
    }
    if (!control.stopReason()) failure ??= describeFailure(error);
  }

  const stop = control.stopReason();
  const status: TerminalTaskStatus =
    stop === "cancelled" ? "cancelled" : stop || failure ? "failed" : "completed";
  const errorCode: TaskErrorCode | null =
    stop === "server_shutdown" ? "server_shutdown" : failure ? failure.code : null;
  const terminal = terminalChunks(status, errorCode, failure?.text ?? null, finishReason);

  await writer.flush();
  for (const chunk of terminal) assembler.push(chunk);
  const message = await assembler.finish();
  await checkpoints.settle();
  try {
    await deps.db.transaction(async (tx) => {
      await saveAssistantMessage(tx, sessionId, taskId, message);
      await markTaskEnded(tx, taskId, status, errorCode);
    });
  } catch (error) {
    await endUnsaved(deps, writer, taskId, error);
    return;
  }
  const finished = await writer.finish(status, terminal);
  if (finished.kind === "finished") {
    await recordLastEntry(deps.db, taskId, finished.lastId);
    await deps.streams.markSaved(taskId);
  } else {
    deps.log.warn({ taskId, outcome: finished.kind }, "task was ended by someone else before its finish");
  }
}

/**
 * The database refused the turn's final commit. The stream still ends — as failed, saying the
 * answer was not saved — so no reader waits on a producer that is gone and the session accepts
 * the next turn; the task row is ended too if the database takes that much.
 */
async function endUnsaved(deps: TurnDeps, writer: TaskWriter, taskId: string, error: unknown): Promise<void> {
  deps.log.error({ err: error, taskId }, "could not save the turn's message");
  await writer.finish(
    "failed",
    terminalChunks("failed", "internal", "The answer could not be saved.", "error"),
  );
  await markTaskEnded(deps.db, taskId, "failed", "internal").catch((rowError: unknown) =>
    deps.log.error({ err: rowError, taskId }, "could not end the task row either"),
  );
}

function terminalChunks(
  status: TerminalTaskStatus,
  code: TaskErrorCode | null,
  errorText: string | null,
  finishReason: FinishReason,
): UIMessageChunk[] {
  const ended: MessageMetadata = code ? { status, errorCode: code } : { status };
  switch (status) {
    case "completed":
      return [{ type: "finish", finishReason, messageMetadata: ended }];
    case "cancelled":
      return [
        { type: "data-task-status", data: { status }, transient: true },
        { type: "abort", reason: "cancelled" },
        { type: "finish", finishReason: "other", messageMetadata: ended },
      ];
    case "failed":
      return [
        { type: "data-task-status", data: { status, code }, transient: true },
        { type: "error", errorText: errorText ?? "The turn ended before it could finish." },
        { type: "finish", finishReason: "error", messageMetadata: ended },
      ];
  }
}

/** Provider errors are shown to the user (they explain what to fix); nothing internal leaks. */
function describeFailure(error: unknown): { code: TaskErrorCode; text: string } {
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { statusCode?: number }).statusCode;
  const detail = status
    ? `the model provider answered ${status}: ${message}`
    : `the model failed: ${message}`;
  return { code: "model_error", text: detail.slice(0, 500) };
}

/** Saves the partial message every couple of seconds, one save at a time, so a crash keeps most of it. */
function createCheckpointer(save: () => Promise<void>) {
  let last = Date.now();
  let pending: Promise<void> = Promise.resolve();
  return {
    maybe() {
      if (Date.now() - last < CHECKPOINT_MS) return;
      last = Date.now();
      pending = pending.then(save).catch(() => {});
    },
    settle: () => pending,
  };
}
