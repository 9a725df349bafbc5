import type { JSONValue, LanguageModelV3ToolResultOutput } from "@ai-sdk/provider";
import {
  type ToolFileView as FileInfo,
  formatBytes,
  type OperationResultOutput,
  operationResultOutputSchema,
  operationStartedOutputSchema,
  toolOutputReaders as schemas,
} from "@copilot/protocol";
import { z } from "zod";
import { clipLines, code, fenced, image } from "./markdown";

/** One tool result as the model sees it on the next step, with the input of the call that made it. */
export type ToolResultView = { toolName: string; output: LanguageModelV3ToolResultOutput; input?: unknown };

const MAX_LISTED = 20;

const titledInput = z.looseObject({
  title: z.string().optional(),
  input: z.looseObject({ title: z.string().optional() }).optional(),
});

const isImageUrl = (url: string) => /^workspace:\/\//i.test(url) || /^data:image\//i.test(url);

function imageReference(file: FileInfo | undefined): string | undefined {
  const reference = file?.reference;
  if (!reference) return undefined;
  const isImage = file.mime_type?.toLowerCase().startsWith("image/") || /#image\//i.test(reference);
  return isImage ? reference : undefined;
}

function titleOf(input: unknown): string | undefined {
  const parsed = titledInput.safeParse(input);
  return parsed.success ? (parsed.data.input?.title ?? parsed.data.title) : undefined;
}

const fileLabel = (file: FileInfo) => code(file.path ?? file.name ?? file.id ?? "file");
const sizeOf = (file: FileInfo) => (file.size_bytes === undefined ? "" : formatBytes(file.size_bytes));

function withLines(text: string): string {
  const clipped = clipLines(text);
  const more = clipped.omittedLines > 0 ? `\n\n…and ${clipped.omittedLines} more lines.` : "";
  return `${fenced(clipped.text)}${more}`;
}

function summarizeJson(view: ToolResultView, value: JSONValue): string {
  const error = schemas.error.safeParse(value);
  if (error.success) return failed(view.toolName, error.data.error.message);

  const block = schemas.block.safeParse(value);
  if (block.success) {
    const { output } = block.data;
    const picture = output.image && isImageUrl(output.image) ? output.image : imageReference(output.file);
    const alt = titleOf(view.input) ?? output.file?.name ?? block.data.block;
    if (picture)
      return `${image(alt, picture)}\n\nI made this image with the ${code(block.data.block)} block.`;
    if (output.file)
      return `The ${code(block.data.block)} block produced ${fileLabel(output.file)} (${sizeOf(output.file)}).`;
  }

  const time = schemas.time.safeParse(value);
  if (time.success) return `It is ${time.data.iso}${time.data.timezone ? ` (${time.data.timezone})` : ""}.`;

  const list = schemas.list.safeParse(value);
  if (list.success) {
    const { files, truncated, prefix, chat_folder: chatFolder } = list.data;
    const where = !prefix || prefix === "/" ? "your workspace" : code(prefix);
    if (files.length === 0) return `There are no files in ${where} yet.`;
    const label = (file: FileInfo) =>
      chatFolder && file.path?.startsWith(chatFolder)
        ? `${fileLabel(file)} (made in this chat)`
        : fileLabel(file);
    const lines = files.slice(0, MAX_LISTED).map((file) => `- ${label(file)}`);
    if (files.length > MAX_LISTED) lines.push(`- …and ${files.length - MAX_LISTED} more`);
    const note = truncated ? "\n\nThe listing was truncated; there are more files than shown." : "";
    const count = `${files.length} ${files.length === 1 ? "file" : "files"}`;
    return `Found ${count} in ${where}:\n\n${lines.join("\n")}${note}`;
  }

  const deleted = schemas.deleted.safeParse(value);
  if (deleted.success)
    return `Deleted ${code(deleted.data.deleted.path ?? deleted.data.deleted.id ?? "the file")}.`;

  const read = schemas.read.safeParse(value);
  if (read.success) {
    const { file, content, truncated } = read.data;
    const picture = imageReference(file);
    if (picture)
      return `${image(file.name ?? "image", picture)}\n\n${fileLabel(file)} is an image (${sizeOf(file)}).`;
    if (content === undefined) {
      return `${fileLabel(file)} is ${file.mime_type ?? "a binary file"} (${sizeOf(file)}); its reference is ${code(file.reference ?? "unknown")}.`;
    }
    const more = truncated ? "\n\nThe file continues beyond this excerpt." : "";
    return `Here is ${fileLabel(file)} (${sizeOf(file)}):\n\n${withLines(content)}${more}`;
  }

  const written = schemas.written.safeParse(value);
  if (written.success) {
    const { file } = written.data;
    const version = file.version === undefined ? "" : `, version ${file.version}`;
    const saved = `Saved ${fileLabel(file)} (${sizeOf(file)}${version}).`;
    const picture = imageReference(file);
    return picture ? `${image(file.name ?? "image", picture)}\n\n${saved}` : saved;
  }

  const started = operationStartedOutputSchema.safeParse(value);
  if (started.success) {
    return `I started ${code(view.toolName)} as a long-running operation. You can close this tab: the result will appear in this chat when it is done.`;
  }
  const ended = operationResultOutputSchema.safeParse(value);
  if (ended.success) return summarizeOperation(ended.data);

  return `The ${code(view.toolName)} tool returned:\n\n${withLines(JSON.stringify(value, null, 2) ?? "null")}`;
}

const generatedAgent = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  nodes: z.number().optional(),
  file: z.string().optional(),
});
const agentRun = z.looseObject({ name: z.string().optional(), outputs: z.record(z.string(), z.unknown()) });

/** The continuation after an operation ended: what it made, or why it did not. */
export function summarizeOperation(output: OperationResultOutput): string {
  const tool = code(output.tool_name);
  if (output.status === "cancelled") return `The ${tool} operation was cancelled.`;
  if (output.status === "failed") return failed(output.tool_name, output.error?.message ?? "unknown error");
  const agent = generatedAgent.safeParse(output.result);
  if (output.tool_name === "generate_agent" && agent.success) {
    const { name, description, nodes, file } = agent.data;
    const size = nodes === undefined ? "" : ` (${nodes} blocks)`;
    const where = file
      ? ` It is saved on the Agents page and as ${code(file)}.`
      : " It is saved on the Agents page.";
    return `The agent **${name}** is ready${size}${description ? `: ${description}` : "."}${where}`;
  }
  const run = agentRun.safeParse(output.result);
  if (output.tool_name === "run_agent" && run.success) {
    const lines = Object.entries(run.data.outputs).map(([name, value]) =>
      typeof value === "string" && isImageUrl(value)
        ? `${image(name, value)}`
        : `- ${code(name)}: ${typeof value === "string" ? value : JSON.stringify(value)}`,
    );
    const title = run.data.name ? `**${run.data.name}**` : "The agent";
    return lines.length === 0 ? `${title} finished.` : `${title} finished:\n\n${lines.join("\n")}`;
  }
  return `The ${tool} operation finished:\n\n${withLines(JSON.stringify(output.result ?? null, null, 2))}`;
}

function failed(toolName: string, message: string): string {
  return `The ${code(toolName)} call failed: ${message}`;
}

/** A short, deterministic markdown text about one tool result. */
export function summarizeToolResult(view: ToolResultView): string {
  const { output } = view;
  switch (output.type) {
    case "json":
      return summarizeJson(view, output.value);
    case "text":
      return `The ${code(view.toolName)} tool returned:\n\n${withLines(output.value)}`;
    case "error-text":
      return failed(view.toolName, output.value);
    case "error-json": {
      const error = schemas.error.safeParse(output.value);
      return failed(view.toolName, error.success ? error.data.error.message : JSON.stringify(output.value));
    }
    case "execution-denied":
      return `The ${code(view.toolName)} call was not run${output.reason ? `: ${output.reason}` : "."}`;
    case "content": {
      const texts = output.value.flatMap((part) => (part.type === "text" ? [part.text] : []));
      return `The ${code(view.toolName)} tool returned:\n\n${withLines(texts.join("\n"))}`;
    }
  }
}
