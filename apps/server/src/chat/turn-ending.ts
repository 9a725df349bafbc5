import { setTimeout as delay } from "node:timers/promises";
import type {
  FinishReason,
  MessageMetadata,
  TaskErrorCode,
  TerminalTaskStatus,
  UIMessage,
  UIMessageChunk,
} from "@copilot/protocol";
import type { Database, Queryable } from "../db/client";
import { DEFAULT_RUNNING_TTL_SECONDS, type FinishResult } from "../streams/stream-store";
import { createTaskWriter, type TaskWriter } from "../streams/task-writer";
import { createMessageAssembler } from "./message-assembler";
import { saveAssistantMessage } from "./messages";
import { planResume } from "./resume-plan";
import { markTaskEnded, ownsTask, recordLastEntry } from "./task-rows";
import type { TurnDeps, TurnJob } from "./turn";
import type { TurnControl } from "./turn-registry";

/**
 * How a turn ends (docs/streaming.md): the message and the row's terminal status committed
 * together under the attempt's ownership, then the stream's terminal chunks — retried while the
 * store is unreachable — and the fallbacks when the store or the database refuses.
 */

/** Retry pauses for the terminal chunks while the store is unreachable. */
const FINISH_RETRY_MIN_MS = 100;
const FINISH_RETRY_MAX_MS = 1000;
/**
 * Ends a turn this attempt owns: the message and the row's terminal status in one transaction,
 * then the stream's terminal chunks. Does nothing when a newer attempt owns the turn.
 */
export async function endTurn(
  deps: TurnDeps,
  job: TurnJob,
  writer: TaskWriter,
  control: TurnControl,
  end: {
    message: UIMessage;
    status: TerminalTaskStatus;
    errorCode: TaskErrorCode | null;
    terminal: UIMessageChunk[];
  },
): Promise<void> {
  const { taskId, sessionId } = job;
  const { message, status, errorCode, terminal } = end;
  try {
    const saved = await saveOwned(deps.db, job, async (tx) => {
      await saveAssistantMessage(tx, sessionId, taskId, message);
      await markTaskEnded(tx, taskId, status, errorCode);
    });
    if (!saved) {
      deps.log.warn(
        { taskId, attempt: job.attempt },
        "a newer attempt owns this turn; its end is not written",
      );
      return;
    }
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
 * Ends a turn without asking the model: its worker died `TURN_MAX_ATTEMPTS` times (`worker_lost`).
 * What the earlier attempts streamed is kept, cut parts closed, then the failure and `finish`.
 */
export async function giveUpTurn(
  deps: TurnDeps,
  job: TurnJob,
  control: TurnControl,
  failure: { code: TaskErrorCode; text: string },
): Promise<void> {
  const writer = createTaskWriter(deps.streams, job.taskId, { coalesceMs: 0, attempt: job.attempt });
  const metadata: MessageMetadata = { taskId: job.taskId, sessionId: job.sessionId, model: deps.modelLabel };
  const initial: UIMessage = { id: job.messageId, role: "assistant", parts: [], metadata };
  const plan = planResume(job.written);
  const start: UIMessageChunk[] =
    job.written.length === 0 ? [{ type: "start", messageId: job.messageId, messageMetadata: metadata }] : [];
  const terminal = [
    ...start,
    ...plan.closing,
    ...terminalChunks("failed", failure.code, failure.text, "error"),
  ];
  const message = await assembleMessage(initial, [...job.written, ...terminal]);
  await endTurn(deps, job, writer, control, { message, status: "failed", errorCode: failure.code, terminal });
}

/**
 * The store refused an append: the task was ended by someone else (its row then has ended too,
 * and this does nothing), or its log is gone (Redis came back empty after an outage). In the
 * second case the row would stay `running` with no producer: end it, keeping the partial.
 */
export async function endLostTask(deps: TurnDeps, job: TurnJob, partial: UIMessage) {
  const { taskId, sessionId } = job;
  const code: TaskErrorCode = "stream_unavailable";
  try {
    await saveOwned(deps.db, job, async (tx) => {
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

/**
 * Runs `write` in a transaction that first checks this attempt still owns the task row (the row
 * lock orders it against a newer attempt's claim); false, writing nothing, when it does not.
 */
export async function saveOwned(
  db: Database,
  job: TurnJob,
  write: (tx: Queryable) => Promise<void>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await ownsTask(tx, job.taskId, job.attempt))) return false;
    await write(tx);
    return true;
  });
}

/** The message the SDK's reader builds from `chunks`, complete (not lagging like `current()`). */
export async function assembleMessage(initial: UIMessage, chunks: UIMessageChunk[]): Promise<UIMessage> {
  const assembler = createMessageAssembler(initial);
  for (const chunk of chunks) assembler.push(chunk);
  return assembler.finish();
}
