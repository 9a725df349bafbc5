import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type FieldType, fromJsonSchema, incompatibility } from "./field-types";

const typeOf = (schema: z.ZodType, io: "input" | "output" = "output"): FieldType =>
  fromJsonSchema(z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>);
const fits = (source: z.ZodType, target: z.ZodType) =>
  incompatibility(typeOf(source), typeOf(target, "input")) === null;

describe("field types from zod schemas", () => {
  it("reduces schemas to shapes, ignoring constraints", () => {
    expect(typeOf(z.string().min(3).regex(/a/))).toEqual({ kind: "string" });
    expect(typeOf(z.number().int().max(3))).toEqual({ kind: "number" });
    expect(typeOf(z.enum(["a", "b"]))).toEqual({ kind: "string" });
    expect(typeOf(z.literal(3))).toEqual({ kind: "number" });
    expect(typeOf(z.unknown())).toEqual({ kind: "any" });
    expect(typeOf(z.array(z.boolean()))).toEqual({ kind: "array", items: { kind: "boolean" } });
    expect(typeOf(z.string().nullable())).toEqual({
      kind: "union",
      members: [{ kind: "string" }, { kind: "null" }],
    });
    expect(typeOf(z.record(z.string(), z.number()))).toMatchObject({
      kind: "object",
      additional: { kind: "number" },
    });
    expect(typeOf(z.object({ a: z.string() }))).toMatchObject({
      kind: "object",
      required: ["a"],
      additional: null,
    });
  });

  it.each([
    ["same primitive", z.string(), z.string().max(5), true],
    ["integer into number", z.number().int(), z.number(), true],
    ["number into integer (checked at run time)", z.number(), z.number().int(), true],
    ["string into number", z.string(), z.number(), false],
    ["number into string (no coercion)", z.number(), z.string(), false],
    ["any into number (checked at run time)", z.unknown(), z.number(), true],
    ["number into any", z.number(), z.unknown(), true],
    ["list of numbers into list of numbers", z.array(z.number().int()), z.array(z.number()), true],
    ["list of strings into list of numbers", z.array(z.string()), z.array(z.number()), false],
    ["list into a string", z.array(z.string()), z.string(), false],
    ["string into string-or-null", z.string(), z.string().nullable(), true],
    ["string-or-null into string", z.string().nullable(), z.string(), false],
    ["enum into string", z.enum(["asc", "desc"]), z.string(), true],
    [
      "object with the required key",
      z.object({ a: z.string(), b: z.number() }),
      z.object({ a: z.string() }).loose(),
      true,
    ],
    [
      "object with an extra key into an input object (stripped)",
      z.object({ a: z.string(), b: z.number() }),
      z.object({ a: z.string() }),
      true,
    ],
    [
      "object with an extra key into a strict object",
      z.object({ a: z.string(), b: z.number() }),
      z.strictObject({ a: z.string() }),
      false,
    ],
    ["object missing a required key", z.object({ b: z.string() }), z.object({ a: z.string() }), false],
    [
      "optional key into a required one",
      z.object({ a: z.string().optional() }),
      z.object({ a: z.string() }),
      false,
    ],
    [
      "object into a record of its value type",
      z.object({ a: z.number() }),
      z.record(z.string(), z.number()),
      true,
    ],
    [
      "object into a record of another type",
      z.object({ a: z.number() }),
      z.record(z.string(), z.string()),
      false,
    ],
    [
      "record into an object with a required key",
      z.record(z.string(), z.string()),
      z.object({ a: z.string() }),
      false,
    ],
  ] as const)("%s → %s", (_name, source, target, expected) => {
    expect(fits(source, target)).toBe(expected);
  });
});
