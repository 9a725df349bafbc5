import { describe, expect, it } from "vitest";
import { parsePartialJson } from "./partial-json";

describe("parsePartialJson", () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ['{"path":"/ses', { path: "/ses" }],
    ['{"a":1,"b', { a: 1 }],
    ['{"a":1,"b":', { a: 1 }],
    ['{"a":', {}],
    ['{"a', {}],
    ['{"values":[3,1,', { values: [3, 1] }],
    ['{"ok":tr', {}],
    ['{"ok":true,"n":-', { ok: true }],
    ['{"text":"a\\', { text: "a" }],
    ['{"block":"chart_png","input":{"values":[3', { block: "chart_png", input: { values: [3] } }],
  ])("%s", (text, expected) => {
    expect(parsePartialJson(text)).toEqual(expected);
  });

  it("gives undefined for nothing or for what cannot be repaired", () => {
    expect(parsePartialJson("")).toBeUndefined();
    expect(parsePartialJson("{]")).toBeUndefined();
  });
});
