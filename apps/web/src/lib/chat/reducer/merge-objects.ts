type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Deep merge of message metadata, as the AI SDK does it (`mergeObjects`): nested plain objects
 * merge, everything else (arrays included) is replaced, `undefined` never overwrites, and
 * prototype keys are skipped. Returns new objects; the inputs are not touched.
 */
export function mergeObjects(base: PlainObject | undefined, overrides: PlainObject | undefined) {
  if (base === undefined) return overrides;
  if (overrides === undefined) return base;
  const result: PlainObject = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (key === "__proto__" || key === "constructor" || key === "prototype" || value === undefined) continue;
    const current = result[key];
    result[key] = isPlainObject(value) && isPlainObject(current) ? mergeObjects(current, value) : value;
  }
  return result;
}
