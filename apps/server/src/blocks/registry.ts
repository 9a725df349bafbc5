import { AppError } from "../errors";
import type { Block, BlockContext } from "./block";

export type BlockRegistry = {
  list(): Block[];
  /** The block called `name`, or undefined. */
  get(name: string): Block | undefined;
  /** Validates the input, runs the block and validates its output; unknown names are `bad_request`. */
  run(name: string, input: unknown, context: BlockContext): Promise<unknown>;
};

export function createBlockRegistry(blocks: Block[]): BlockRegistry {
  const byName = new Map(blocks.map((block) => [block.name, block]));
  if (byName.size !== blocks.length) throw new Error("two blocks share a name");
  return {
    list: () => [...byName.values()],
    get: (name) => byName.get(name),
    async run(name, input, context) {
      const block = byName.get(name);
      if (!block) {
        throw new AppError(
          "bad_request",
          `unknown block "${name}"; available: ${[...byName.keys()].join(", ")}`,
        );
      }
      return block.run(input, context);
    },
  };
}
