import { ApiError } from "../../../../lib/api/api-error";

/** Words for why a turn failed (`data-task-status.code`, `metadata.errorCode`), by code, never the raw message. */
export function turnFailureText(code: string | null | undefined): string {
  switch (code) {
    case "model_error":
      return "The model provider returned an error.";
    case "server_restarted":
      return "The server writing this answer stopped before it could finish.";
    case "server_shutdown":
      return "The server shut down while this answer was being written.";
    case "worker_lost":
      return "The servers writing this answer kept stopping, so it could not be finished.";
    case "no_worker":
      return "No server was free to write this answer in time. Try again in a moment.";
    default:
      return "Something went wrong while this answer was being written.";
  }
}

/** Words for a message that could not be sent. */
export function sendFailureText(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return error instanceof TypeError
      ? "Could not reach the server. Check your connection and try again."
      : "Could not send the message. Try again.";
  }
  switch (error.code) {
    case "message_too_long":
      return "Messages are limited to 32,000 characters.";
    case "rate_limited":
      return error.retryAfterSeconds
        ? `Too many messages. Try again in ${error.retryAfterSeconds} s.`
        : "Too many messages. Try again in a moment.";
    case "turn_active":
      return "A reply is still being written in this conversation.";
    case "too_many_turns":
      return answersInProgressText(error.details.limit);
    case "not_found":
      return "This conversation no longer exists.";
    default:
      return "Could not send the message. Try again.";
  }
}

/** 429 `too_many_turns` carries the per-user limit (`TURNS_MAX_PER_USER`), the number now in progress. */
function answersInProgressText(limit: unknown): string {
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1)
    return "You have too many answers in progress; wait for one to finish.";
  return `You have ${limit} ${limit === 1 ? "answer" : "answers"} in progress; wait for one to finish.`;
}
