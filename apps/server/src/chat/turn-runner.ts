import type {
  FinishReason,
  MessageMetadata,
  TaskErrorCode,
  TerminalTaskStatus,
  UIMessage,
  UIMessageChunk,
} from "@copilot/protocol";
import {
  AISDKError,
  convertToModelMessages,
  type UIMessage as SdkUIMessage,
  stepCountIs,
  streamText,
} from "ai";
import type { Logger } from "pino";
import { createTaskWriter } from "../streams/task-writer";
import { historyForModel } from "./attachments";
import { createFairSlice } from "./fair-slice";
import { createMessageAssembler } from "./message-assembler";
import { saveAssistantMessage } from "./messages";
import { createResumeSplice, planResume } from "./resume-plan";
import { releaseSpareBranch } from "./sdk-tee";
import type { TurnDeps, TurnJob } from "./turn";
import { assembleMessage, endLostTask, endTurn, saveOwned, terminalChunks } from "./turn-ending";
import type { TurnControl } from "./turn-registry";

const SYSTEM = [
  "You are CoPilot, an assistant with a persistent file workspace for the user.",
  "Use the workspace tools to list, read, save and delete files; paths are the ones the Files page shows (relative = from the workspace root); files you make for this chat go in its folder.",
  "Files and generated media are referenced as workspace://<id>#<mime>; embed images as markdown images with that reference.",
].join(" ");

/** For a real provider continuing an answer its earlier worker left unfinished (the offline model needs no hint). */
const CONTINUE =
  "Your previous reply was cut off; it is the last assistant message. Continue it exactly where it stops, without repeating any of it.";

const MAX_STEPS = 8;
/** How long a turn reads ready chunks before it lets the event loop turn (`createFairSlice`). */
const FAIR_SLICE_MS = 1;
const CHECKPOINT_MS = 2000;

class TaskEndedElsewhere extends Error {}
/** A newer attempt owns the task (this worker was presumed dead): stop without touching it. */
class TaskFenced extends Error {}
/** The stream store refused a write (Redis down or lost): the turn ends as `stream_unavailable`. */
class StreamWriteFailed extends Error {}

/** What the user reads when the failure is ours; the detail is in the log (docs/style.md). */
const INTERNAL_TEXT = "The answer stopped because of an internal error.";
const STREAM_LOST_TEXT =
  "The answer stopped because of an internal error (its stream was interrupted); the part written so far is saved.";
/**
 * Produces one assistant message into the task's stream: exactly one `start`, the model's chunks,
 * then exactly one terminal sequence. The message is committed to the database (with the task's
 * terminal status) BEFORE `finish` is appended and the session's active pointer is cleared, so a
 * page load always sees either the message or `active_stream`.
 */
export async function runTurn(deps: TurnDeps, job: TurnJob, control: TurnControl): Promise<void> {
  const { taskId, sessionId, messageId, attempt } = job;
  const metadata: MessageMetadata = { taskId, sessionId, model: deps.modelLabel };
  const writer = createTaskWriter(deps.streams, taskId, { coalesceMs: deps.coalesceMs, attempt });
  const initial: UIMessage = { id: messageId, role: "assistant", parts: [], metadata };
  const assembler = createMessageAssembler(initial);
  for (const chunk of job.written) assembler.push(chunk);
  const plan = planResume(job.written);
  const splice = createResumeSplice(plan);
  let fenced = false;
  const checkpoints = createCheckpointer(
    {
      request: (save) => deps.checkpoints.request(taskId, save),
      drop: () => deps.checkpoints.drop(taskId),
    },
    async () => {
      const message = await assembler.current();
      const saved = await saveOwned(deps.db, job, (tx) =>
        saveAssistantMessage(tx, sessionId, taskId, message),
      );
      if (!saved) fenced = true;
    },
    (error) => deps.log.warn({ err: error, taskId }, "checkpoint save failed; the next one retries"),
  );

  const emit = async (chunk: UIMessageChunk) => {
    if (fenced) throw new TaskFenced();
    const result = await writer.write(chunk).catch((error: unknown) => {
      throw new StreamWriteFailed("stream write failed", { cause: error });
    });
    if (result.kind === "fenced") throw new TaskFenced();
    if (result.kind !== "accepted") throw new TaskEndedElsewhere(result.kind);
    assembler.push(chunk);
    // Every completed model step is saved (tool calls and their results, text so far).
    if (chunk.type === "finish-step") checkpoints.now();
    else checkpoints.maybe();
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
  let finishReason: FinishReason = "stop";
  try {
    if (job.written.length === 0) await emit({ type: "start", messageId, messageMetadata: metadata });
    if (attempt > 1)
      await emit({ type: "data-task-status", data: { status: "resumed", attempt }, transient: true });
    for (const chunk of plan.closing) await emit(chunk);
    const partial = await assembleMessage(initial, [...job.written, ...plan.closing]);
    const continuing = partial.parts.some((part) => part.type !== "step-start");
    const result = streamText({
      model: deps.model,
      system: continuing ? `${SYSTEM} ${CONTINUE}` : SYSTEM,
      // Stored messages were written by the SDK's own reader (message-assembler), so they have its shape.
      messages: await convertToModelMessages(
        (await historyForModel(continuing ? [...job.history, partial] : job.history, deps.files, {
          userId: job.userId,
          sessionId,
        })) as SdkUIMessage[],
        { ignoreIncompleteToolCalls: true },
      ),
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
    releaseSpareBranch(result);
    const fair = createFairSlice(FAIR_SLICE_MS);
    for await (const chunk of chunks) {
      await fair();
      // Our own terminal sequence replaces the SDK's error/abort chunks.
      if (chunk.type === "error") {
        const known = described as { code: TaskErrorCode; text: string } | null;
        failure ??= known?.text === chunk.errorText ? known : { code: "model_error", text: chunk.errorText };
        break;
      }
      if (chunk.type === "abort") break;
      if (control.stopReason()) break;
      for (const out of splice.next(chunk)) await emit(out);
    }
    if (!failure && !control.stopReason()) for (const out of splice.end()) await emit(out);
  } catch (error) {
    if (error instanceof TaskFenced) {
      deps.log.warn({ taskId, attempt }, "a newer attempt owns this turn; this worker stops writing");
      await checkpoints.settle();
      return;
    }
    if (error instanceof TaskEndedElsewhere) {
      deps.log.warn({ taskId }, "task ended elsewhere; producer stops");
      // A checkpoint still in flight must not land after (and over) the final save.
      await checkpoints.settle();
      await endLostTask(deps, job, await assembler.current());
      return;
    }
    if (error instanceof StreamWriteFailed) streamError = error.cause;
    else if (!control.stopReason()) failure ??= describe(error);
  }
  if (control.stopReason() === "handoff") {
    // Another worker continues from the log at once: only make sure what this one wrote is stored.
    await writer.flush().catch(() => {});
    await checkpoints.settle();
    deps.log.info({ taskId, attempt }, "turn handed back to the queue");
    return;
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
  await endTurn(deps, job, writer, control, { message, status, errorCode, terminal });
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

/**
 * Saves the partial message at every completed step and every couple of seconds in between, so a
 * crash keeps most of it. Saves go through the process' checkpoint queue (one at a time across
 * turns; a turn's waiting save is joined, not repeated). `settle` drops a save still waiting (what
 * follows it — the final save, a handoff, a fenced stop — supersedes it) and waits for one running.
 */
function createCheckpointer(
  queue: { request: (save: () => Promise<void>) => Promise<void>; drop: () => void },
  save: () => Promise<void>,
  onError: (error: unknown) => void,
) {
  let last = Date.now();
  let pending: Promise<void> = Promise.resolve();
  const now = () => {
    last = Date.now();
    pending = queue.request(save).catch(onError);
  };
  return {
    now,
    maybe() {
      if (Date.now() - last >= CHECKPOINT_MS) now();
    },
    settle: () => {
      queue.drop();
      return pending;
    },
  };
}
