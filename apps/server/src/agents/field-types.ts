import { z } from "zod";
import type { Block } from "../blocks/block";

/**
 * The type of one block field, derived from its zod schema through JSON Schema
 * (`z.toJSONSchema`), reduced to what a link can be checked against before anything runs:
 * the shape of a value, not its constraints (lengths, ranges, patterns, enums, integer-ness
 * are checked by the receiving block when the graph runs).
 */
export type FieldType =
  | { kind: "any" }
  | { kind: "string" | "number" | "boolean" | "null" }
  | { kind: "array"; items: FieldType }
  | {
      kind: "object";
      properties: Record<string, FieldType>;
      required: string[];
      /** The value type of extra keys (a record); null when the object takes no extra keys. */
      additional: FieldType | null;
    }
  | { kind: "union"; members: FieldType[] };

type JsonSchema = Record<string, unknown>;

const ANY: FieldType = { kind: "any" };
const isObject = (value: unknown): value is JsonSchema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function ofKind(kind: string, schema: JsonSchema): FieldType {
  switch (kind) {
    case "string":
    case "boolean":
    case "null":
      return { kind };
    case "number":
    case "integer":
      return { kind: "number" };
    case "array":
      return { kind: "array", items: isObject(schema.items) ? fromJsonSchema(schema.items) : ANY };
    case "object": {
      const properties: Record<string, FieldType> = {};
      if (isObject(schema.properties)) {
        for (const [name, property] of Object.entries(schema.properties)) {
          properties[name] = isObject(property) ? fromJsonSchema(property) : ANY;
        }
      }
      const extra = schema.additionalProperties;
      return {
        kind: "object",
        properties,
        required: Array.isArray(schema.required)
          ? schema.required.filter((key) => typeof key === "string")
          : [],
        // JSON Schema's default is "anything goes"; zod writes `false` for plain objects.
        additional: extra === false ? null : isObject(extra) ? fromJsonSchema(extra) : ANY,
      };
    }
    default:
      return ANY;
  }
}

const union = (members: FieldType[]): FieldType =>
  members.some((member) => member.kind === "any")
    ? ANY
    : members.length === 1
      ? (members[0] ?? ANY)
      : { kind: "union", members };

const kindOfValue = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value;

export function fromJsonSchema(schema: JsonSchema): FieldType {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives)) return union(alternatives.filter(isObject).map(fromJsonSchema));
  if (Array.isArray(schema.type)) return union(schema.type.map((kind) => ofKind(String(kind), schema)));
  if (typeof schema.type === "string") return ofKind(schema.type, schema);
  if ("const" in schema) return ofKind(kindOfValue(schema.const), schema);
  if (Array.isArray(schema.enum))
    return union([...new Set(schema.enum.map(kindOfValue))].map((kind) => ofKind(kind, schema)));
  return ANY;
}

/** A person's word for a type, for error messages. */
export function describeType(type: FieldType): string {
  switch (type.kind) {
    case "array":
      return `list of ${describeType(type.items)}`;
    case "object":
      return Object.keys(type.properties).length > 0
        ? `object {${Object.keys(type.properties).join(", ")}}`
        : "object";
    case "union":
      return type.members.map(describeType).join(" or ");
    default:
      return type.kind;
  }
}

/**
 * Whether every value of type `source` can be given where `target` is expected (gradual
 * subtyping). `any` fits anywhere and takes anything: such a link is checked by the receiving
 * block at run time. A union source fits when each member does; a union target when some member
 * takes the source. Lists compare their items. An object fits an object when it has every key the
 * target requires (as a required key of its own) and each shared key fits; an object fits a record
 * (an object of extra keys) when every key it has fits the record's value type. Returns null when
 * it fits, else the reason.
 */
export function incompatibility(source: FieldType, target: FieldType): string | null {
  if (source.kind === "any" || target.kind === "any") return null;
  if (source.kind === "union") {
    for (const member of source.members) {
      const reason = incompatibility(member, target);
      if (reason) return `${describeType(source)} may be ${describeType(member)}: ${reason}`;
    }
    return null;
  }
  if (target.kind === "union") {
    return target.members.some((member) => incompatibility(source, member) === null)
      ? null
      : `${describeType(source)} is none of ${describeType(target)}`;
  }
  if (source.kind !== target.kind) return `${describeType(source)} cannot go into ${describeType(target)}`;
  if (source.kind === "array" && target.kind === "array") {
    const reason = incompatibility(source.items, target.items);
    return reason ? `list items: ${reason}` : null;
  }
  if (source.kind === "object" && target.kind === "object") return objectIncompatibility(source, target);
  return null;
}

type ObjectType = Extract<FieldType, { kind: "object" }>;

function objectIncompatibility(source: ObjectType, target: ObjectType): string | null {
  for (const key of target.required) {
    if (!(key in source.properties) || !source.required.includes(key))
      return `the key "${key}" may be missing`;
  }
  for (const [key, type] of Object.entries(source.properties)) {
    const expected = target.properties[key] ?? target.additional;
    if (!expected) return `the key "${key}" is not accepted`;
    const reason = incompatibility(type, expected);
    if (reason) return `key "${key}": ${reason}`;
  }
  if (source.additional) {
    // A record's keys are unknown: each must fit wherever the target could put it.
    if (!target.additional) return `an object with any keys cannot go into ${describeType(target)}`;
    const reason = incompatibility(source.additional, target.additional);
    if (reason) return `record values: ${reason}`;
  }
  return null;
}

/** A block's fields by name with their types, and which inputs it needs. */
export type BlockFields = {
  inputs: Map<string, FieldType>;
  requiredInputs: Set<string>;
  outputs: Map<string, FieldType>;
};

function fieldsOf(schema: z.ZodObject, io: "input" | "output") {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  const type = fromJsonSchema(json);
  if (type.kind !== "object") throw new Error("block schemas are objects");
  return { fields: new Map(Object.entries(type.properties)), required: new Set(type.required) };
}

const cache = new WeakMap<Block, BlockFields>();

/** Computed once per block: a block's schemas never change. */
export function blockFields(block: Block): BlockFields {
  let fields = cache.get(block);
  if (!fields) {
    const input = fieldsOf(block.input, "input");
    fields = {
      inputs: input.fields,
      requiredInputs: input.required,
      outputs: fieldsOf(block.output, "output").fields,
    };
    cache.set(block, fields);
  }
  return fields;
}
