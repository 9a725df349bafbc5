import { type OperationResultOutput, operationResultOutputSchema, type UIMessage } from "@copilot/protocol";

const MARK = "[operation ended]";
const RESULT_MAX_CHARS = 8_000;

/**
 * The note the continuation's model call ends with (never saved): which operation ended, how,
 * and its final output, which the conversation also holds as the tool call's result. Without it a
 * model whose last turn was about something else (the user chatted on meanwhile) would not know
 * why it speaks. The output rides as one JSON line, so the offline model reads it back exactly.
 */
export function continuationNotice(output: OperationResultOutput, toolCallId: string): UIMessage {
  let json = JSON.stringify(output);
  if (json.length > RESULT_MAX_CHARS) {
    const { result: _dropped, ...rest } = output;
    json = JSON.stringify({ ...rest, result: "(too large to repeat here; see the tool result)" });
  }
  const text = [
    `${MARK} The \`${output.tool_name}\` operation you started (tool call ${toolCallId}) has ended: ${output.status}. Its final output, now recorded as that call's result:`,
    json,
    "Tell the user briefly what came of it.",
  ].join("\n");
  return { id: `notice-${output.operation_id}`, role: "user", parts: [{ type: "text", text }] };
}

/** The output a continuation notice carries, or null when `text` is not one. */
export function readContinuationNotice(text: string): OperationResultOutput | null {
  if (!text.startsWith(MARK)) return null;
  const line = text.split("\n")[1];
  if (line === undefined) return null;
  try {
    const parsed = operationResultOutputSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
