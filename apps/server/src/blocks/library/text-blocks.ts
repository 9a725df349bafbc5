import { z } from "zod";
import { AppError } from "../../errors";
import { type Block, defineBlock } from "../block";

export const TEXT_MAX_CHARS = 1_000_000;
const text = z.string().max(TEXT_MAX_CHARS);

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;

/** How a value reads inside text: strings as they are, everything else as JSON. */
function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  return JSON.stringify(value);
}

/** `{{name}}` → `values.name`; a placeholder without a value is the caller's mistake, said plainly. */
function fillTemplate(template: string, values: Record<string, unknown>): string {
  const missing = new Set<string>();
  const filled = template.replace(PLACEHOLDER, (_match, name: string) => {
    if (!Object.hasOwn(values, name)) {
      missing.add(name);
      return "";
    }
    return asText(values[name]);
  });
  if (missing.size > 0) {
    throw new AppError(
      "bad_request",
      `the template uses ${[...missing].map((name) => `{{${name}}}`).join(", ")} but values has no such key`,
    );
  }
  if (filled.length > TEXT_MAX_CHARS) {
    throw new AppError("bad_request", `the filled template is longer than ${TEXT_MAX_CHARS} characters`);
  }
  return filled;
}

export function textBlocks(): Block[] {
  return [
    defineBlock({
      name: "text_template",
      description:
        "Fills `{{name}}` placeholders of `template` from `values` (strings as they are, other values as JSON). Works offline.",
      input: z.object({
        template: text.min(1),
        values: z.record(z.string(), z.unknown()).default({}),
      }),
      output: z.object({ text: z.string() }),
      run: async (input) => ({ text: fillTemplate(input.template, input.values) }),
    }),
    defineBlock({
      name: "split_text",
      description:
        "Splits `text` at `separator` (default a newline) into `items`, trimmed, empty ones dropped. Works offline.",
      input: z.object({ text, separator: z.string().min(1).max(100).default("\n") }),
      output: z.object({ items: z.array(z.string()) }),
      run: async (input) => ({
        items: input.text
          .split(input.separator)
          .map((item) => item.trim())
          .filter((item) => item !== ""),
      }),
    }),
    defineBlock({
      name: "join_text",
      description:
        "Joins `items` (any values; non-strings as JSON) with `separator` (default `, `). Works offline.",
      input: z.object({
        items: z.array(z.unknown()).max(100_000),
        separator: z.string().max(100).default(", "),
      }),
      output: z.object({ text: z.string() }),
      run: async (input) => ({ text: input.items.map(asText).join(input.separator) }),
    }),
    defineBlock({
      name: "text_stats",
      description: "Counts the characters, words and lines of `text`. Works offline.",
      input: z.object({ text }),
      output: z.object({
        characters: z.number().int().nonnegative(),
        words: z.number().int().nonnegative(),
        lines: z.number().int().nonnegative(),
      }),
      run: async ({ text }) => ({
        characters: [...text].length,
        words: text.split(/\s+/).filter(Boolean).length,
        lines: text === "" ? 0 : text.split(/\r?\n/).length,
      }),
    }),
  ];
}
