import { z } from "zod";
import { AppError } from "../../errors";
import { type Block, defineBlock } from "../block";
import { TEXT_MAX_CHARS } from "./text-blocks";

const MAX_NUMBERS = 10_000;
const numbers = z.array(z.number()).max(MAX_NUMBERS);
const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;

/** Every number written in `text`, in order (`3, 1.5 and -4e2` → 3, 1.5, -400). */
function parseNumbers(text: string): number[] {
  const found = (text.match(NUMBER) ?? []).map(Number).filter(Number.isFinite);
  if (found.length === 0) throw new AppError("bad_request", "no numbers found in the text");
  if (found.length > MAX_NUMBERS) throw new AppError("bad_request", `more than ${MAX_NUMBERS} numbers`);
  return found;
}

/** `a.b[0].c` or `a.b.0.c` → ["a", "b", "0", "c"]; an empty path is the value itself. */
function pathSegments(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((segment) => segment !== "");
}

/** The value at `path`, or `{found: false}`; a JSON text is parsed first. */
function pick(value: unknown, path: string): { found: boolean; value: unknown } {
  let current = value;
  if (typeof current === "string") {
    try {
      current = JSON.parse(current);
    } catch (error) {
      throw new AppError("bad_request", "json is a string that is not valid JSON", {}, { cause: error });
    }
  }
  for (const segment of pathSegments(path)) {
    if (Array.isArray(current) && /^\d+$/.test(segment) && Number(segment) < current.length) {
      current = current[Number(segment)];
    } else if (
      current !== null &&
      typeof current === "object" &&
      !Array.isArray(current) &&
      Object.hasOwn(current, segment)
    ) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return { found: false, value: null };
    }
  }
  return { found: true, value: current ?? null };
}

function median(sorted: number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function dataBlocks(): Block[] {
  return [
    defineBlock({
      name: "json_pick",
      description:
        "Picks the value at `path` (like `items[0].name` or `items.0.name`) from `json` (a value or a JSON text). `found` is false when nothing is there. Works offline.",
      input: z.object({ json: z.unknown(), path: z.string().max(500).default("") }),
      output: z.object({ value: z.unknown(), found: z.boolean() }),
      run: async (input) => pick(input.json, input.path),
    }),
    defineBlock({
      name: "parse_numbers",
      description:
        "Reads every number written in `text` (e.g. `3, 1, 4`) into the list `numbers`. Works offline.",
      input: z.object({ text: z.string().max(TEXT_MAX_CHARS) }),
      output: z.object({ numbers }),
      run: async (input) => ({ numbers: parseNumbers(input.text) }),
    }),
    defineBlock({
      name: "number_stats",
      description: "Count, sum, average, minimum, maximum and median of `numbers`. Works offline.",
      input: z.object({ numbers: numbers.min(1) }),
      output: z.object({
        count: z.number().int(),
        sum: z.number(),
        average: z.number(),
        min: z.number(),
        max: z.number(),
        median: z.number(),
      }),
      run: async ({ numbers }) => {
        const sorted = [...numbers].sort((a, b) => a - b);
        const sum = numbers.reduce((total, value) => total + value, 0);
        return {
          count: numbers.length,
          sum,
          average: sum / numbers.length,
          min: sorted[0] ?? 0,
          max: sorted.at(-1) ?? 0,
          median: median(sorted),
        };
      },
    }),
    defineBlock({
      name: "sort_numbers",
      description: 'Sorts `numbers` ascending, or descending with `order: "desc"`. Works offline.',
      input: z.object({ numbers, order: z.enum(["asc", "desc"]).default("asc") }),
      output: z.object({ numbers }),
      run: async (input) => ({
        numbers: [...input.numbers].sort((a, b) => (input.order === "asc" ? a - b : b - a)),
      }),
    }),
  ];
}
