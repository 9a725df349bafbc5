import type {
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";
import type { Reply } from "./plan-reply";

/** Ids derived from the prompt, so a replay is identical and each step of a turn differs. */
export type ReplyIds = { response: string; text: string; toolCall: string };

const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

export function finishReasonOf(reply: Reply): LanguageModelV3FinishReason {
  return reply.kind === "tool-call"
    ? { unified: "tool-calls", raw: "tool_calls" }
    : { unified: "stop", raw: "stop" };
}

/** Word counts stand in for tokens: deterministic, and close enough for dashboards. */
export function usageOf(promptWords: number, reply: Reply): LanguageModelV3Usage {
  const output =
    reply.kind === "text" ? countWords(reply.deltas.join("")) : countWords(JSON.stringify(reply.input));
  return {
    inputTokens: { total: promptWords, noCache: promptWords, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}

/** Tool input JSON in a few pieces, the way providers stream arguments. */
function inputPieces(json: string): string[] {
  const size = Math.max(8, Math.ceil(json.length / 4));
  const out: string[] = [];
  for (let index = 0; index < json.length; index += size) out.push(json.slice(index, index + size));
  return out;
}

/** The content of a non-streaming (`doGenerate`) answer. */
export function replyContent(reply: Reply, ids: ReplyIds): LanguageModelV3Content[] {
  if (reply.kind === "text") return [{ type: "text", text: reply.deltas.join("") }];
  return [
    {
      type: "tool-call",
      toolCallId: ids.toolCall,
      toolName: reply.toolName,
      input: JSON.stringify(reply.input),
    },
  ];
}

/**
 * Every stream part of the answer, in order, made as the stream reads them (the pacing is added
 * by `pacedStream`): a paced long answer lasts minutes, and building its ~1,300 parts up front kept
 * them all alive for the whole turn (docs/BENCHMARKS.md, memory per turn).
 */
export function* replyStreamParts(
  reply: Reply,
  ids: ReplyIds,
  usage: LanguageModelV3Usage,
): Generator<LanguageModelV3StreamPart, void, undefined> {
  yield { type: "stream-start", warnings: [] };
  // No timestamp: the output carries no clock, and the SDK fills one in itself.
  yield { type: "response-metadata", id: ids.response, modelId: "offline" };
  if (reply.kind === "text") {
    yield { type: "text-start", id: ids.text };
    for (const delta of reply.deltas) yield { type: "text-delta", id: ids.text, delta };
    yield { type: "text-end", id: ids.text };
  } else {
    const input = JSON.stringify(reply.input);
    yield { type: "tool-input-start", id: ids.toolCall, toolName: reply.toolName };
    for (const delta of inputPieces(input)) yield { type: "tool-input-delta", id: ids.toolCall, delta };
    yield { type: "tool-input-end", id: ids.toolCall };
    yield { type: "tool-call", toolCallId: ids.toolCall, toolName: reply.toolName, input };
  }
  yield { type: "finish", usage, finishReason: finishReasonOf(reply) };
}
