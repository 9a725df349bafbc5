import { generateText } from "ai";
import { z } from "zod";
import { AppError } from "../../errors";
import { type Block, defineBlock } from "../block";
import { TEXT_MAX_CHARS } from "./text-blocks";

/** A provider failure is the dependency's, unless the run itself was cancelled (then it propagates). */
function providerFailure(error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted || error instanceof AppError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError(
    "dependency_unavailable",
    `the model call failed: ${reason.slice(0, 300)}`,
    { dependency: "model" },
    {
      cause: error,
    },
  );
}

export function modelBlocks(): Block[] {
  return [
    defineBlock({
      name: "model_call",
      description:
        "Asks the configured language model: `prompt` (and an optional `system` instruction) in, its answer as `text` out. With no provider configured the offline model answers (it echoes a prompt that starts with `/echo `).",
      input: z.object({
        prompt: z.string().min(1).max(TEXT_MAX_CHARS),
        system: z.string().max(20_000).optional(),
        max_output_tokens: z.number().int().min(1).max(32_000).optional(),
      }),
      output: z.object({ text: z.string() }),
      run: async (input, context) => {
        try {
          const result = await generateText({
            model: context.model,
            prompt: input.prompt,
            system: input.system,
            maxOutputTokens: input.max_output_tokens,
            abortSignal: context.signal,
            maxRetries: 1,
          });
          return { text: result.text };
        } catch (error) {
          throw providerFailure(error, context.signal);
        }
      },
    }),
  ];
}
