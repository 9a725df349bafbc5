import { errorCodeSchema } from "@copilot/protocol";
import { ApiError } from "../../api/api-error";
import { type Clock, systemClock, type Timer } from "../clock";
import type { SendError } from "./tab-messages";

export type SendOutcome = {
  /** True when another turn was already running: the page attached to it and the message was not sent. */
  attached: boolean;
};

type Waiter = {
  resolve(outcome: SendOutcome): void;
  reject(error: unknown): void;
  timer: Timer;
};

/** Sends a follower asked the leader to make, waiting for their `send-result` (or giving up). */
export class RemoteSends {
  private readonly waiting = new Map<string, Waiter>();

  constructor(private readonly clock: Clock = systemClock) {}

  wait(requestId: string, timeoutMs: number): Promise<SendOutcome> {
    return new Promise((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.waiting.delete(requestId);
        reject(new Error("The tab holding this conversation's connection did not answer."));
      }, timeoutMs);
      this.waiting.set(requestId, { resolve, reject, timer });
    });
  }

  settle(requestId: string, result: { attached: boolean; error: SendError | null }) {
    const waiter = this.waiting.get(requestId);
    if (!waiter) return;
    this.waiting.delete(requestId);
    this.clock.clearTimeout(waiter.timer);
    if (result.error) waiter.reject(fromSendError(result.error));
    else waiter.resolve({ attached: result.attached });
  }

  rejectAll(error: Error) {
    for (const waiter of this.waiting.values()) {
      this.clock.clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiting.clear();
  }
}

/** A send failure as it travels between tabs (an ApiError's code, message and status). */
export function toSendError(error: unknown): SendError {
  if (error instanceof ApiError) return { code: error.code, message: error.message, status: error.status };
  return { code: "internal", message: error instanceof Error ? error.message : "send failed", status: 0 };
}

function fromSendError(error: SendError): ApiError {
  const code = errorCodeSchema.safeParse(error.code);
  return new ApiError(code.success ? code.data : "internal", error.message, error.status);
}
