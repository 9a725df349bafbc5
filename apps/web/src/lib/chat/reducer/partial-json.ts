/**
 * Best-effort parse of a JSON prefix (tool input while it streams): closes an open string, drops a
 * dangling key, separator or partial literal, then closes open arrays and objects. Synchronous, so
 * the stream reducer stays pure; the AI SDK's own (async) repair differs only on inputs that are
 * still streaming — the final `tool-input-available` chunk carries the parsed input either way.
 */
export function parsePartialJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Fall through to the repair.
  }
  const repaired = repair(text);
  if (repaired === null) return undefined;
  try {
    return JSON.parse(repaired);
  } catch {
    return undefined;
  }
}

function repair(text: string): string | null {
  const stack: Array<"{" | "["> = [];
  let inString = false;
  let escaped = false;
  for (const char of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (char === "\\") escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === "{" || char === "[") stack.push(char);
    else if (char === "}" || char === "]") stack.pop();
  }

  let body = text;
  if (inString) {
    // A trailing backslash would escape the closing quote.
    if (escaped) body = body.slice(0, -1);
    body += '"';
  }
  // A literal cut short (`tr`, `fals`, `nu`) or a lone minus sign cannot be completed safely.
  body = body
    .trimEnd()
    .replace(/(^|[,[{:\s])(?:t|tr|tru|f|fa|fal|fals|n|nu|nul|-)$/, "$1")
    .trimEnd();
  // A key without its value (`{"a":` or `{"a"`) is dropped with its separator.
  if (stack.at(-1) === "{") {
    body = body.replace(/,?\s*"(?:[^"\\]|\\.)*"\s*:?$/, (match) => (isKey(body, match) ? "" : match));
  }
  body = body.trimEnd().replace(/,$/, "");
  for (let index = stack.length - 1; index >= 0; index--) body += stack[index] === "{" ? "}" : "]";
  return body;
}

/** Whether the quoted string at the end of `body` sits in key position (after `{` or `,`). */
function isKey(body: string, match: string): boolean {
  const before = body.slice(0, body.length - match.length).trimEnd();
  return match.trimStart().startsWith(",") || before.endsWith("{") || before.endsWith(",");
}
