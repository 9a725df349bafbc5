import type { LanguageModelV3CallOptions, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { MockLanguageModelV3 } from "ai/test";

/**
 * Scripted language models for tests (the AI SDK's mock model underneath). Each call of the model
 * plays the next step; a step is a list of stream parts, where a `gate` part pauses the stream
 * until the test opens it (no fixed sleeps), and the stream honours the abort signal.
 */
export type ScriptPart =
  | LanguageModelV3StreamPart
  | { type: "gate"; gate: Gate }
  | { type: "fail"; error: Error };
export type Step = ScriptPart[] | ((options: LanguageModelV3CallOptions) => ScriptPart[]);

export type Gate = { open(): void; opened: Promise<void>; reached: Promise<void>; markReached(): void };

export function createGate(): Gate {
  let open!: () => void;
  let markReached!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const reached = new Promise<void>((resolve) => {
    markReached = resolve;
  });
  return { open, opened, reached, markReached };
}

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 1, text: 1, reasoning: 0 },
};

export const finish = (unified: "stop" | "tool-calls" = "stop"): LanguageModelV3StreamPart => ({
  type: "finish",
  finishReason: { unified, raw: unified },
  usage,
});

/** Text in a few deltas, finished with `stop`. */
export function textStep(id: string, ...deltas: string[]): ScriptPart[] {
  return [
    { type: "text-start", id },
    ...deltas.map((delta): ScriptPart => ({ type: "text-delta", id, delta })),
    { type: "text-end", id },
    finish("stop"),
  ];
}

/** One tool call, finished with `tool-calls` (the SDK then runs the tool and calls the model again). */
export function toolCallStep(toolCallId: string, toolName: string, input: unknown): ScriptPart[] {
  const json = JSON.stringify(input);
  return [
    { type: "tool-input-start", id: toolCallId, toolName },
    { type: "tool-input-delta", id: toolCallId, delta: json },
    { type: "tool-input-end", id: toolCallId },
    { type: "tool-call", toolCallId, toolName, input: json },
    finish("tool-calls"),
  ];
}

export function scriptedModel(steps: Step[]) {
  let call = 0;
  const model = new MockLanguageModelV3({
    modelId: "scripted",
    doStream: async (options) => {
      const step = steps[Math.min(call, steps.length - 1)];
      call += 1;
      const parts = typeof step === "function" ? step(options) : (step ?? []);
      const signal = options.abortSignal;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        async start(controller) {
          const aborted = () => controller.error(signal?.reason ?? new DOMException("aborted", "AbortError"));
          for (const part of parts) {
            if (signal?.aborted) return aborted();
            if (part.type === "gate") {
              part.gate.markReached();
              await Promise.race([
                part.gate.opened,
                new Promise<void>((resolve) =>
                  signal?.addEventListener("abort", () => resolve(), { once: true }),
                ),
              ]);
              if (signal?.aborted) return aborted();
              continue;
            }
            if (part.type === "fail") return controller.error(part.error);
            controller.enqueue(part);
            // Yield so consumers see parts as they come, like a network stream.
            await new Promise((resolve) => setImmediate(resolve));
          }
          controller.close();
        },
      });
      return { stream: stream.pipeThrough(new TransformStream()) };
    },
  });
  return Object.assign(model, { calls: () => call });
}

/**
 * The model the app's `model_call` blocks use: each call waits for the next gate the test hands
 * out (or answers at once when none is queued) and honours the abort signal.
 */
export function gatedModel() {
  const gates: Gate[] = [];
  const model = new MockLanguageModelV3({
    doGenerate: async (options: LanguageModelV3CallOptions) => {
      const gate = gates.shift();
      if (gate) {
        gate.markReached();
        await new Promise<void>((resolve, reject) => {
          void gate.opened.then(resolve);
          options.abortSignal?.addEventListener("abort", () => reject(options.abortSignal?.reason), {
            once: true,
          });
        });
      }
      return {
        content: [{ type: "text", text: `answer to ${JSON.stringify(options.prompt).length} chars` }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: {
          inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 1, text: 1, reasoning: 0 },
        },
        warnings: [],
      };
    },
  });
  return {
    model,
    hold() {
      const gate = createGate();
      gates.push(gate);
      return gate;
    },
  };
}
