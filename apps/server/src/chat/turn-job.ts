import { isTerminalStatus, type UIMessageChunk } from "@copilot/protocol";
import type { JobPayload } from "../jobs/job-catalog";
import type { JobContext } from "../jobs/job-queue";
import { continuationNotice } from "../operations/continuation-notice";
import { getOperationRow, resultOutput } from "../operations/operation-rows";
import { loadConversation, toUIMessage } from "./messages";
import { finishStreamAsRow } from "./recovery";
import { claimTaskRow, getTaskRow, markTaskEnded } from "./task-rows";
import type { TurnDeps, TurnJob } from "./turn";
import { giveUpTurn } from "./turn-ending";
import type { TurnRegistry } from "./turn-registry";
import { runTurn } from "./turn-runner";

export type TurnJobDeps = TurnDeps & {
  turns: TurnRegistry;
  /** Recorded on the rows this process produces (`chat_tasks.producer_id`). */
  producerId: string;
  /** Deaths of a turn's worker before it ends as `worker_lost` (TURN_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** Queues the naming of a chat by the model after its first answer; null: titles stay the first message. */
  nameChat: ((sessionId: string) => Promise<void>) | null;
};

const WORKER_LOST_TEXT =
  "The answer stopped: the workers writing it stopped several times in a row. The part written so far is saved.";

/**
 * The `chat_turn` job (docs/operations.md), run by any worker. Claims the task under the job's
 * attempt — first the row, then the stream, which fences off whatever an earlier attempt presumed
 * dead still writes — rebuilds what earlier attempts streamed from the task's log, and runs the
 * turn on from there (`runTurn`), or ends it as `worker_lost` once its workers died too often.
 */
export async function handleTurnJob(
  deps: TurnJobDeps,
  payload: JobPayload<"chat_turn">,
  context: JobContext,
): Promise<void> {
  const { taskId } = payload;
  const log = deps.log.child({ taskId, attempt: context.attempt });
  // Each round trip of a turn's start waits a turn of a busy event loop (tens of ms with a few
  // hundred answers streaming), so the happy path takes as few as it can: the row's claim returns
  // the row, the stream's claim returns its log, and the conversation is read meanwhile.
  const row = await claimTaskRow(deps.db, taskId, context.attempt, deps.producerId);
  if (!row) {
    const now = await getTaskRow(deps.db, taskId);
    if (!now) log.warn("a turn job names no task; dropped");
    // Ended while queued (cancel, queue timeout), or by an attempt that died between its final
    // commit and its stream's `finish`: the row says how, the stream is told the same.
    else if (isTerminalStatus(now.status)) await finishStreamAsRow(deps.streams, now);
    else log.warn("a newer attempt holds this turn; this job stops");
    return;
  }
  const loading = loadConversation(deps.db, payload.sessionId);
  // Read only when the stream is claimed; a job that stops before must not leave it unhandled.
  loading.catch(() => {});
  const claimed = await deps.streams.claim(taskId, context.attempt);
  if (claimed.kind === "fenced") {
    log.warn({ owner: claimed.attempt }, "a newer attempt holds this turn's stream; this job stops");
    return;
  }
  const snapshot = claimed.kind === "claimed" ? claimed.snapshot : null;
  if (!snapshot) {
    // The log is gone (Redis lost it) or was ended administratively: the row ends as well.
    const ended = claimed.kind === "ended" ? claimed.status : "failed";
    await markTaskEnded(deps.db, taskId, ended, ended === "failed" ? "stream_unavailable" : null);
    log.warn({ stream: claimed.kind }, "the turn's stream cannot be continued; its row ended");
    return;
  }
  const written: UIMessageChunk[] = snapshot.entries.map((entry) => entry.chunk);
  // What the model sees is the branch the answer follows, never other versions.
  const conversation = await loading;
  const history = (
    row.parentMessageId === null
      ? conversation.shown().filter((message) => message.id !== payload.messageId)
      : conversation.pathTo(row.parentMessageId)
  ).map(toUIMessage);
  // A continuation after an operation: the model is told which one ended (the note is never saved).
  const operation = payload.operationId ? await getOperationRow(deps.db, payload.operationId) : null;
  if (operation && operation.status !== "running") {
    history.push(continuationNotice(resultOutput(operation), operation.toolCallId));
  }
  const job: TurnJob = { ...payload, history, attempt: context.attempt, written };
  if (context.attempt > 1) log.info({ deaths: context.deaths, entries: written.length }, "continuing a turn");

  await deps.turns.run(
    taskId,
    async (control) => {
      const unsubscribe = deps.streams.onCancel(taskId, () => deps.turns.stop(taskId, "cancelled"));
      try {
        if (context.deaths >= deps.maxAttempts) {
          log.error({ deaths: context.deaths }, "the turn's workers died too often; it ends as worker_lost");
          await giveUpTurn(deps, job, control, { code: "worker_lost", text: WORKER_LOST_TEXT });
        } else {
          await runTurn(deps, job, control);
        }
      } finally {
        unsubscribe();
      }
    },
    context.signal,
  );
  // The chat's first answer is written: time to give the chat a real title.
  const firstExchange = !payload.operationId && history.length === 1 && history[0]?.role === "user";
  if (deps.nameChat && firstExchange && (await getTaskRow(deps.db, taskId))?.status === "completed") {
    await deps
      .nameChat(payload.sessionId)
      .catch((error: unknown) => log.warn({ err: error }, "could not queue the chat's title"));
  }
}
