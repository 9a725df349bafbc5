import { createHash } from "node:crypto";
import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3Prompt } from "@ai-sdk/provider";
import { pacedStream } from "./offline/paced-stream";
import { planReply } from "./offline/plan-reply";
import {
  finishReasonOf,
  type ReplyIds,
  replyContent,
  replyStreamParts,
  usageOf,
} from "./offline/reply-parts";

export type OfflineModelOptions = {
  /** Pause before each streamed delta (OFFLINE_MODEL_DELAY_MS); 0 streams as fast as it is read. */
  delayMs: number;
};

/** Prompt text for hashing; binary file data is replaced by its length. */
function promptFingerprint(prompt: LanguageModelV3Prompt): string {
  // A function replacer sees the holder's raw value: a Buffer would otherwise arrive already
  // expanded by its toJSON into an array of every byte.
  return JSON.stringify(prompt, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    if (raw instanceof Uint8Array) return `bytes:${raw.byteLength}`;
    return raw instanceof URL ? raw.href : value;
  });
}

function promptWords(prompt: LanguageModelV3Prompt): number {
  let words = 0;
  for (const message of prompt) {
    const texts =
      typeof message.content === "string"
        ? [message.content]
        : message.content.map((part) => ("text" in part ? part.text : ""));
    for (const text of texts) words += text.split(/\s+/).filter(Boolean).length;
  }
  return words;
}

/**
 * Ids are a hash of the prompt: the same conversation replays with the same ids, and every step
 * of a turn (its prompt grows by the previous step) gets new ones.
 */
function replyIds(prompt: LanguageModelV3Prompt): ReplyIds {
  const hash = createHash("sha256").update(promptFingerprint(prompt)).digest("hex").slice(0, 20);
  return { response: `offline-${hash}`, text: `text-${hash}`, toolCall: `call_${hash}` };
}

function prepare(options: LanguageModelV3CallOptions) {
  const reply = planReply(options);
  return { reply, ids: replyIds(options.prompt), usage: usageOf(promptWords(options.prompt), reply) };
}

const OFFLINE_PROVIDER = "copilot";

/** Whether `model` is the offline model (which answers plain commands, never structured output). */
export function isOfflineModel(model: unknown): boolean {
  return (
    typeof model === "object" &&
    model !== null &&
    (model as { provider?: unknown }).provider === OFFLINE_PROVIDER &&
    (model as { modelId?: unknown }).modelId === "offline"
  );
}

/**
 * The deterministic local model (docs/design.md §6, docs/api.md §6): answers a few plain commands with text or
 * with calls to the real workspace tools, and needs no network.
 */
export function createOfflineModel({ delayMs }: OfflineModelOptions): LanguageModelV3 {
  return {
    specificationVersion: "v3",
    provider: OFFLINE_PROVIDER,
    modelId: "offline",
    // Claim every URL as natively supported so the SDK never downloads prompt attachments on our
    // behalf: this model ignores files, and it must work without a network.
    supportedUrls: { "*/*": [/^/] },

    async doGenerate(options) {
      options.abortSignal?.throwIfAborted();
      const { reply, ids, usage } = prepare(options);
      return {
        content: replyContent(reply, ids),
        finishReason: finishReasonOf(reply),
        usage,
        warnings: [],
        response: { id: ids.response, modelId: "offline" },
      };
    },

    async doStream(options) {
      const { reply, ids, usage } = prepare(options);
      const parts = replyStreamParts(reply, ids, usage);
      return { stream: pacedStream(parts, { delayMs, abortSignal: options.abortSignal }) };
    },
  };
}
