import { describe, expect, it } from "vitest";
import { codeOf } from "../../testing/workspace-fixtures";
import type { BlockContext } from "../block";
import { createBlockRegistry } from "../registry";
import { agentBlocks } from "./catalog";

/** The blocks that need neither files nor a model; their context is never read. */
const registry = createBlockRegistry(agentBlocks(null));
const context = {} as BlockContext;
const run = (block: string, input: unknown) => registry.run(block, input, context);

describe("text blocks", () => {
  it("text_template fills placeholders, JSON for non-strings, and names missing ones", async () => {
    expect(
      await run("text_template", {
        template: "{{ a }} and {{b}} {{c}}",
        values: { a: "x", b: [1, 2], c: 3 },
      }),
    ).toEqual({
      text: "x and [1,2] 3",
    });
    expect(await run("text_template", { template: "no placeholders" })).toEqual({ text: "no placeholders" });
    const error = await registry
      .run("text_template", { template: "{{gone}} {{also}}", values: {} }, context)
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe("the template uses {{gone}}, {{also}} but values has no such key");
    expect(await codeOf(run("text_template", { template: "" }))).toBe("bad_request");
  });

  it("split_text, join_text and text_stats", async () => {
    expect(await run("split_text", { text: " a \n\nb\n c " })).toEqual({ items: ["a", "b", "c"] });
    expect(await run("split_text", { text: "a;b", separator: ";" })).toEqual({ items: ["a", "b"] });
    expect(await run("join_text", { items: ["a", 2, { b: 1 }] })).toEqual({ text: 'a, 2, {"b":1}' });
    expect(await run("join_text", { items: [1, 2], separator: "-" })).toEqual({ text: "1-2" });
    expect(await run("text_stats", { text: "one two\nthree ☃" })).toEqual({
      characters: 15,
      words: 4,
      lines: 2,
    });
    expect(await run("text_stats", { text: "" })).toEqual({ characters: 0, words: 0, lines: 0 });
  });
});

describe("data blocks", () => {
  it("parse_numbers reads every number in order and refuses text without any", async () => {
    expect(await run("parse_numbers", { text: "3, 1.5 and -4e2; .5" })).toEqual({
      numbers: [3, 1.5, -400, 0.5],
    });
    expect(await codeOf(run("parse_numbers", { text: "none here" }))).toBe("bad_request");
  });

  it("number_stats and sort_numbers", async () => {
    expect(await run("number_stats", { numbers: [3, 1, 4, 1, 5] })).toEqual({
      count: 5,
      sum: 14,
      average: 2.8,
      min: 1,
      max: 5,
      median: 3,
    });
    expect(await run("number_stats", { numbers: [4, 1, 3, 2] })).toMatchObject({ median: 2.5 });
    expect(await codeOf(run("number_stats", { numbers: [] }))).toBe("bad_request");
    expect(await run("sort_numbers", { numbers: [3, 1, 4] })).toEqual({ numbers: [1, 3, 4] });
    expect(await run("sort_numbers", { numbers: [3, 1, 4], order: "desc" })).toEqual({ numbers: [4, 3, 1] });
    expect(await codeOf(run("sort_numbers", { numbers: [1], order: "sideways" }))).toBe("bad_request");
  });

  it("json_pick walks objects and lists, parses JSON text, and says when nothing is there", async () => {
    const json = { items: [{ name: "a" }, { name: "b", tags: ["x"] }] };
    expect(await run("json_pick", { json, path: "items[1].name" })).toEqual({ value: "b", found: true });
    expect(await run("json_pick", { json, path: "items.1.tags.0" })).toEqual({ value: "x", found: true });
    expect(await run("json_pick", { json: JSON.stringify(json), path: "items[0]" })).toEqual({
      value: { name: "a" },
      found: true,
    });
    expect(await run("json_pick", { json, path: "items[5].name" })).toEqual({ value: null, found: false });
    expect(await run("json_pick", { json, path: "items.length" })).toEqual({ value: null, found: false });
    expect(await run("json_pick", { json: 7 })).toEqual({ value: 7, found: true });
    expect(await codeOf(run("json_pick", { json: "{nope", path: "a" }))).toBe("bad_request");
  });
});

describe("agent input and output blocks", () => {
  it("agent_input gives the run's value, else its default, else refuses", async () => {
    expect(await run("agent_input", { name: "n", default: "d", value: "v" })).toEqual({ value: "v" });
    expect(await run("agent_input", { name: "n", default: "d" })).toEqual({ value: "d" });
    expect(await codeOf(run("agent_input", { name: "n" }))).toBe("bad_request");
    expect(await codeOf(run("agent_input", { name: "9 bad name", default: "x" }))).toBe("bad_request");
  });

  it("agent_output passes its value through", async () => {
    expect(await run("agent_output", { name: "out", value: { a: 1 } })).toEqual({ value: { a: 1 } });
  });
});
