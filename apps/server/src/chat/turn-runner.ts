import { setTimeout as delay } from "node:timers/promises";
import type {
  MessageMetadata,
  TaskErrorCode,
  TerminalTaskStatus,
  UIMessage,
  UIMessageChunk,
} from "@copilot/protocol";
import {
  AISDKError,
  convertToModelMessages,
  type LanguageModel,
  type UIMessage as SdkUIMessage,
  stepCountIs,
  streamText,
} from "ai";
import type { Logger } from "pino";
import type { Database } from "../db/client";
import { DEFAULT_RUNNING_TTL_SECONDS, type FinishResult, type StreamStore } from "../streams/stream-store";
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
/** The stream store refused a write (Redis down or lost): the turn ends as `stream_unavailable`. */
class StreamWriteFailed extends Error {}

/** What the user reads when the failure is ours; the detail is in the log (docs/style.md). */
const INTERNAL_TEXT = "The answer stopped because of an internal error.";
const STREAM_LOST_TEXT =
  "The answer stopped because of an internal error (its stream was interrupted); the part written so far is saved.";
/** Retry pauses for the terminal chunks while the store is unreachable. */
const FINISH_RETRY_MIN_MS = 100;
const FINISH_RETRY_MAX_MS = 1000;

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
  const checkpoints = createCheckpointer(
    () => saveAssistantMessage(deps.db, sessionId, taskId, assembler.current()),
    (error) => deps.log.warn({ err: error, taskId }, "checkpoint save failed; the next one retries"),
  );

  const emit = async (chunk: UIMessageChunk) => {
    const result = await writer.write(chunk).catch((error: unknown) => {
      throw new StreamWriteFailed("stream write failed", { cause: error });
    });
    if (result.kind !== "accepted") throw new TaskEndedElsewhere(result.kind);
    assembler.push(chunk);
    checkpoints.maybe();
  };

  // The SDK turns an error into the `error` chunk's text through onError: remember how it was
  // described so the task gets that code, not a guess.
  let described: { code: TaskErrorCode; text: string } | null = null;
  const describe = (error: unknown) => {
    described = describeFailure(error, deps.log, taskId);
    return described;
  };
  let failure: { code: TaskErrorCode; text: string } | null = null;
  let streamError: unknown = null;
  let finishReason: "stop" | "length" | "content-filter" | "tool-calls" | "error" | "other" = "stop";
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
      onError: (error) => describe(error).text,
    });
    for await (const chunk of chunks) {
      // Our own terminal sequence replaces the SDK's error/abort chunks.
      if (chunk.type === "error") {
        const known = described as { code: TaskErrorCode; text: string } | null;
        failure ??= known?.text === chunk.errorText ? known : { code: "model_error", text: chunk.errorText };
        break;
      }
      if (chunk.type === "abort") break;
      if (control.stopReason()) break;
      await emit(chunk);
    }
  } catch (error) {
    if (error instanceof TaskEndedElsewhere) {
      deps.log.warn({ taskId }, "task ended elsewhere; producer stops");
      // A checkpoint still in flight must not land after (and over) the final save.
      await checkpoints.settle();
      await endLostTask(deps, taskId, sessionId, assembler.current());
      return;
    }
    if (error instanceof StreamWriteFailed) streamError = error.cause;
    else if (!control.stopReason()) failure ??= describe(error);
  }
  // The final flush reports a failed earlier write too. It must not skip the ending below: the
  // row is always ended and the partial saved, whatever the stream store does (issue 10 #1).
  try {
    await writer.flush();
  } catch (error) {
    streamError ??= error;
  }
  if (streamError !== null) {
    deps.log.error(
      { err: streamError, taskId },
      "the task's stream failed; the turn ends as stream_unavailable",
    );
    failure = { code: "stream_unavailable", text: STREAM_LOST_TEXT };
  }

  const stop = control.stopReason();
  const status: TerminalTaskStatus =
    stop === "cancelled" ? "cancelled" : stop || failure ? "failed" : "completed";
  const errorCode: TaskErrorCode | null =
    stop === "server_shutdown" ? "server_shutdown" : failure ? failure.code : null;
  const terminal = terminalChunks(status, errorCode, failure?.text ?? null, finishReason);

  for (const chunk of terminal) assembler.push(chunk);
  const message = await assembler.finish();
  await checkpoints.settle();
  try {
    await deps.db.transaction(async (tx) => {
      await saveAssistantMessage(tx, sessionId, taskId, message);
      await markTaskEnded(tx, taskId, status, errorCode);
    });
  } catch (error) {
    await endUnsaved(deps, writer, taskId, control, error);
    return;
  }
  const finished = await finishStream(deps, writer, taskId, control, status, terminal);
  if (finished?.kind === "finished") {
    try {
      await recordLastEntry(deps.db, taskId, finished.lastId);
      await deps.streams.markSaved(taskId);
    } catch (error) {
      deps.log.warn({ err: error, taskId }, "could not record the end of a finished stream");
    }
  } else if (finished) {
    deps.log.warn({ taskId, outcome: finished.kind }, "task was ended by someone else before its finish");
  }
}

/**
 * Writes the terminal chunks, retrying while the store is unreachable: when Redis comes back with
 * the task's log (persistence on), its readers get a truthful end and the session's active
 * pointer is cleared, within a second. Gives up when the log is gone (`not_found`), on shutdown
 * (the next turn of the session then heals it, see `startTurn`), or after a running log's lifetime.
 * Null when it gave up without an answer from the store.
 */
async function finishStream(
  deps: TurnDeps,
  writer: TaskWriter,
  taskId: string,
  control: TurnControl,
  status: TerminalTaskStatus,
  terminal: UIMessageChunk[],
): Promise<FinishResult | null> {
  const deadline = Date.now() + DEFAULT_RUNNING_TTL_SECONDS * 1000;
  let pause = FINISH_RETRY_MIN_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      const finished = await writer.finish(status, terminal);
      if (attempt > 1) deps.log.info({ taskId, attempt }, "the task's stream got its terminal chunks");
      return finished;
    } catch (error) {
      if (attempt === 1) deps.log.warn({ err: error, taskId }, "could not end the task's stream; retrying");
      // Shutdown aborts the signal; a cancel cannot arrive while the store is down.
      if (control.signal.aborted && control.stopReason() === "server_shutdown") return null;
      if (Date.now() > deadline) return null;
      await delay(pause, undefined, { ref: false });
      pause = Math.min(pause * 2, FINISH_RETRY_MAX_MS);
    }
  }
}

/**
 * The store refused an append: the task was ended by someone else (its row then has ended too,
 * and this does nothing), or its log is gone (Redis came back empty after an outage). In the
 * second case the row would stay `running` with no producer: end it, keeping the partial.
 */
async function endLostTask(deps: TurnDeps, taskId: string, sessionId: string, partial: UIMessage) {
  const code: TaskErrorCode = "stream_unavailable";
  try {
    await deps.db.transaction(async (tx) => {
      if (!(await markTaskEnded(tx, taskId, "failed", code))) return;
      deps.log.error({ taskId }, "the task's stream is gone; the turn ends as stream_unavailable");
      const metadata = { ...partial.metadata, status: "failed", errorCode: code } as MessageMetadata;
      await saveAssistantMessage(tx, sessionId, taskId, { ...partial, metadata });
    });
  } catch (error) {
    deps.log.error({ err: error, taskId }, "could not end the task row of a lost stream");
  }
}

/**
 * The database refused the turn's final commit. The stream still ends — as failed, saying the
 * answer was not saved — so no reader waits on a producer that is gone and the session accepts
 * the next turn; the task row is ended too if the database takes that much.
 */
async function endUnsaved(
  deps: TurnDeps,
  writer: TaskWriter,
  taskId: string,
  control: TurnControl,
  error: unknown,
): Promise<void> {
  deps.log.error({ err: error, taskId }, "could not save the turn's message");
  const terminal = terminalChunks("failed", "internal", "The answer could not be saved.", "error");
  await finishStream(deps, writer, taskId, control, "failed", terminal);
  await markTaskEnded(deps.db, taskId, "failed", "internal").catch((rowError: unknown) =>
    deps.log.error({ err: rowError, taskId }, "could not end the task row either"),
  );
}

export function terminalChunks(
  status: TerminalTaskStatus,
  code: TaskErrorCode | null,
  errorText: string | null,
  finishReason: "stop" | "length" | "content-filter" | "tool-calls" | "error" | "other",
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

/**
 * Provider and AI SDK errors are shown to the user (they explain what to fix); anything else (a
 * database or Redis error, a bug) is logged and shown as "internal" (issue 12 #4).
 */
function describeFailure(error: unknown, log: Logger, taskId: string): { code: TaskErrorCode; text: string } {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === "number" || AISDKError.isInstance(error)) {
    const message = error instanceof Error ? error.message : String(error);
    const detail =
      typeof status === "number"
        ? `the model provider answered ${status}: ${message}`
        : `the model failed: ${message}`;
    return { code: "model_error", text: detail.slice(0, 500) };
  }
  log.error({ err: error, taskId }, "the turn (or a tool) failed with an internal error");
  return { code: "internal", text: INTERNAL_TEXT };
}

/** Saves the partial message every couple of seconds, one save at a time, so a crash keeps most of it. */
function createCheckpointer(save: () => Promise<void>, onError: (error: unknown) => void) {
  let last = Date.now();
  let pending: Promise<void> = Promise.resolve();
  return {
    maybe() {
      if (Date.now() - last < CHECKPOINT_MS) return;
      last = Date.now();
      pending = pending.then(save).catch(onError);
    },
    settle: () => pending,
  };
}
