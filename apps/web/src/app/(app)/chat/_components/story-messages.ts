import type { UIMessageChunk } from "@copilot/protocol";
import type { ChatMessage } from "@/lib/chat/message-parts";
import { recordedTurns, toEntries } from "@/lib/chat/reducer/stream-fixtures";
import { applyEntry, idleStreamState } from "@/lib/chat/reducer/stream-state";

/** Messages for stories, built by the real stream reducer from recorded chunk sequences. */
export function messageFrom(chunks: readonly UIMessageChunk[]): ChatMessage {
  const message = toEntries(chunks).reduce(applyEntry, idleStreamState).message;
  if (!message) throw new Error("the chunks made no message");
  return message;
}

export const userMessage: ChatMessage = {
  id: "u1",
  role: "user",
  parts: [{ type: "text", text: "Make a chart of 3, 1, 4 titled Demo,\nplease." }],
};

export const storyMessages = {
  text: messageFrom(recordedTurns.textTurn),
  reasoning: messageFrom(recordedTurns.reasoningTurn),
  tool: messageFrom(recordedTurns.toolTurn),
  toolErrors: messageFrom(recordedTurns.toolErrorTurn),
  failed: messageFrom(recordedTurns.failedTurn),
  cancelled: messageFrom(recordedTurns.cancelledTurn),
  streaming: messageFrom(recordedTurns.textTurn.slice(0, 4)),
  started: messageFrom(recordedTurns.textTurn.slice(0, 2)),
  queued: messageFrom(recordedTurns.queuedTurn.slice(0, 3)),
  resumedStreaming: messageFrom(recordedTurns.resumedTurn.slice(0, 6)),
  resumed: messageFrom(recordedTurns.resumedTurn),
};
