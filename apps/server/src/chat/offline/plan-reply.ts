import type { JSONObject, LanguageModelV3CallOptions, LanguageModelV3Prompt } from "@ai-sdk/provider";
import { type AttachmentInfo, attachmentsIn } from "../attachments";
import { parseIntent } from "./intent";
import { longProse } from "./prose";
import { agentUnavailableText, attachedText, emptyEchoText, helpText, toolUnavailableText } from "./replies";
import { summarizeOperation, summarizeToolResult } from "./summarize-tool-result";

/**
 * What the offline model will say, decided up front from the prompt; streaming only paces it.
 * `deltas` concatenate to the text: word by word for the long answer, a few pieces otherwise.
 */
export type Reply =
  | { kind: "text"; deltas: string[] }
  | { kind: "tool-call"; toolName: string; input: JSONObject };

/** Words with their trailing whitespace, so joining the pieces gives back the exact text. */
const words = (text: string) => text.match(/\s*\S+\s*/g) ?? [];

/** A handful of pieces (about `perDelta` words each); exact text preserved, including whitespace. */
function pieces(text: string, perDelta = 8): string[] {
  const all = words(text);
  if (all.length === 0) return text === "" ? [] : [text];
  const out: string[] = [];
  for (let index = 0; index < all.length; index += perDelta)
    out.push(all.slice(index, index + perDelta).join(""));
  return out;
}

const textReply = (text: string): Reply => ({ kind: "text", deltas: pieces(text) });

/** The newest user message: what the user wrote, and the files it carries (from their notes). */
function lastUserMessage(
  prompt: LanguageModelV3Prompt,
): { text: string; attachments: AttachmentInfo[] } | undefined {
  const message = prompt.findLast((candidate) => candidate.role === "user");
  if (message?.role !== "user") return undefined;
  const { attachments, texts } = attachmentsIn(
    message.content.flatMap((part) => (part.type === "text" ? [part.text] : [])),
  );
  return { text: texts.join("\n"), attachments };
}

/** `read <name>` of a file attached to this message reads that file, wherever it was saved. */
function withAttachment(intent: { toolName: string; input: JSONObject }, attachments: AttachmentInfo[]) {
  const path = intent.input.path;
  if (intent.toolName !== "read_workspace_file" || typeof path !== "string") return intent.input;
  const wanted = path.trim().toLowerCase();
  const match = attachments.find(
    (file) => file.name.toLowerCase() === wanted.replace(/^\.?\//, "") || file.path.toLowerCase() === wanted,
  );
  return match ? { file_id: match.fileId } : intent.input;
}

/** The inputs of every tool call in the prompt, to caption results (e.g. a chart's title). */
function toolCallInputs(prompt: LanguageModelV3Prompt): Map<string, unknown> {
  const inputs = new Map<string, unknown>();
  for (const message of prompt) {
    if (message.role !== "assistant") continue;
    for (const part of message.content)
      if (part.type === "tool-call") inputs.set(part.toolCallId, part.input);
  }
  return inputs;
}

function summarizeResults(prompt: LanguageModelV3Prompt): Reply {
  const last = prompt.at(-1);
  const results = last?.role === "tool" ? last.content.filter((part) => part.type === "tool-result") : [];
  if (results.length === 0) return textReply(helpText);
  const inputs = toolCallInputs(prompt);
  const summaries = results.map((result) =>
    summarizeToolResult({
      toolName: result.toolName,
      output: result.output,
      input: inputs.get(result.toolCallId),
    }),
  );
  return textReply(summaries.join("\n\n"));
}

/**
 * A prompt that ends with assistant text is an answer cut short (its worker died mid-answer) that
 * this call continues: the reply is planned for the prompt before it, and only what follows the
 * part already written is streamed, so the continued answer equals an uninterrupted one.
 */
export function planReply(options: LanguageModelV3CallOptions): Reply {
  const last = options.prompt.at(-1);
  if (last?.role !== "assistant") return planFresh(options);
  const written = last.content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
  const reply = planFresh({ ...options, prompt: options.prompt.slice(0, -1) });
  return reply.kind === "text" ? { kind: "text", deltas: remainderOf(reply.deltas, written) } : reply;
}

/** The deltas after `written`, cutting the one it ends inside; all of them when it is not a prefix. */
function remainderOf(deltas: string[], written: string): string[] {
  if (!deltas.join("").startsWith(written)) return deltas;
  const out: string[] = [];
  let offset = 0;
  for (const delta of deltas) {
    const end = offset + delta.length;
    if (end > written.length)
      out.push(offset >= written.length ? delta : delta.slice(written.length - offset));
    offset = end;
  }
  return out;
}

function planFresh(options: LanguageModelV3CallOptions): Reply {
  // A tool message last means this is the step after a tool call: talk about its result.
  if (options.prompt.at(-1)?.role === "tool") return summarizeResults(options.prompt);

  const user = lastUserMessage(options.prompt);
  if (user === undefined) return textReply(helpText);
  if (user.text.trim() === "" && user.attachments.length > 0)
    return textReply(attachedText(user.attachments));
  const intent = parseIntent(user.text);
  switch (intent.kind) {
    case "echo":
      return intent.text === "" ? textReply(emptyEchoText) : textReply(intent.text);
    case "long":
      return { kind: "text", deltas: words(longProse()) };
    case "operation":
      return textReply(summarizeOperation(intent.output));
    case "agent": {
      const offered = options.tools?.some((tool) => tool.name === "generate_agent") ?? false;
      if (!offered || intent.goal === "") return textReply(agentUnavailableText(intent.goal, offered));
      return { kind: "tool-call", toolName: "generate_agent", input: { goal: intent.goal } };
    }
    case "help":
      return textReply(helpText);
    case "tool": {
      // Calling a tool the caller did not offer would only surface as a NoSuchToolError.
      const offered = options.tools?.some((tool) => tool.name === intent.toolName) ?? false;
      return offered
        ? { kind: "tool-call", toolName: intent.toolName, input: withAttachment(intent, user.attachments) }
        : textReply(toolUnavailableText(intent.toolName));
    }
  }
}
