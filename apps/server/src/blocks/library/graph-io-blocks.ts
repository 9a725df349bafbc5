import { z } from "zod";
import { AppError } from "../../errors";
import { type Block, defineBlock } from "../block";

export const AGENT_INPUT = "agent_input";
export const AGENT_OUTPUT = "agent_output";

const ioName = z
  .string()
  .regex(/^[A-Za-z][\w-]{0,99}$/, "names start with a letter and use letters, digits, _ or -");

/**
 * The two ends of an agent graph. A run's inputs are text by name: the engine hands
 * `inputs[name]` to the `agent_input` node of that name as `value`, and each `agent_output` node's
 * `value` becomes `outputs[name]` of the run. They make no sense outside a graph, so the chat's
 * `run_block` does not list them.
 */
export function graphIoBlocks(): Block[] {
  return [
    defineBlock({
      name: AGENT_INPUT,
      description:
        "An input of the agent, given as text when it is run (`name`, optional `description` and `default`). Output `value`.",
      input: z.object({
        name: ioName,
        description: z.string().max(500).default(""),
        default: z.string().max(100_000).optional(),
        /** Set by the engine from the run's inputs. */
        value: z.string().max(100_000).optional(),
      }),
      output: z.object({ value: z.string() }),
      run: async (input) => {
        const value = input.value ?? input.default;
        if (value === undefined) {
          throw new AppError(
            "bad_request",
            `the agent input "${input.name}" was not given and has no default`,
          );
        }
        return { value };
      },
    }),
    defineBlock({
      name: AGENT_OUTPUT,
      description: "A result of the agent: `value` (any) is recorded as the run's output `name`.",
      input: z.object({ name: ioName, value: z.unknown() }),
      output: z.object({ value: z.unknown() }),
      run: async (input) => ({ value: input.value ?? null }),
    }),
  ];
}
