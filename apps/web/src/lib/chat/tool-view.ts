import { parseWorkspaceReference, type ToolFileView, toolOutputReaders, uuid } from "@copilot/protocol";
import { z } from "zod";
import { workspaceDownloadRoute, workspaceImageRoute } from "../markdown/url-policy";
import { type ToolPart, toolNameOf } from "./message-parts";

/**
 * What a tool-call card shows, derived from a tool part (pure). Tool inputs and outputs are JSON
 * from the model and from the tools (docs/api.md §7), so they are read loosely: a field that is missing
 * or of another shape is simply not shown.
 */
export type FileSummary = {
  id: string | null;
  name: string;
  path: string | null;
  sizeBytes: number | null;
  mimeType: string | null;
  version: number | null;
  downloadHref: string | null;
  imageSrc: string | null;
};

export type ToolCardState = "preparing" | "running" | "awaiting-approval" | "done" | "failed" | "denied";

type ToolView = {
  toolCallId: string;
  name: string;
  label: string;
  state: ToolCardState;
  inputSummary: string | null;
  outputSummary: string | null;
  errorText: string | null;
  files: FileSummary[];
};

const inputs = {
  block: z.looseObject({
    block: z.string(),
    input: z.looseObject({ title: z.string().optional() }).optional(),
  }),
  path: z.looseObject({
    path: z.string().optional(),
    file_id: z.string().optional(),
    path_prefix: z.string().optional(),
  }),
  write: z.looseObject({
    path: z.string(),
    content: z.string().optional(),
    content_base64: z.string().optional(),
  }),
};

const labels: Record<string, string> = {
  list_workspace_files: "List files",
  read_workspace_file: "Read file",
  write_workspace_file: "Save file",
  delete_workspace_file: "Delete file",
  run_block: "Run block",
  get_current_time: "Current time",
  generate_agent: "Generate agent",
  run_agent: "Run agent",
};

const humanize = (name: string) =>
  name.replace(/[_-]+/g, " ").replace(/^\w/, (letter) => letter.toUpperCase());

function compactJson(value: unknown, max = 140): string | null {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  if (text === undefined || text === "{}") return null;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function fileId(file: ToolFileView): string | null {
  if (file.id && uuid.safeParse(file.id).success) return file.id.toLowerCase();
  return file.reference ? (parseWorkspaceReference(file.reference)?.fileId ?? null) : null;
}

function summarizeFile(file: ToolFileView): FileSummary {
  const id = fileId(file);
  const mimeType =
    file.mime_type ?? (file.reference ? parseWorkspaceReference(file.reference)?.mimeType : null) ?? null;
  const isImage = mimeType !== null && /^image\/(png|jpeg|gif|webp)$/i.test(mimeType);
  return {
    id,
    name: file.name ?? file.path?.split("/").at(-1) ?? id ?? "file",
    path: file.path ?? null,
    sizeBytes: file.size_bytes ?? null,
    mimeType,
    version: file.version ?? null,
    downloadHref: id ? workspaceDownloadRoute(id) : null,
    imageSrc: id && isImage ? workspaceImageRoute(id) : null,
  };
}

function inputSummary(name: string, input: unknown): string | null {
  if (name === "run_block") {
    const block = inputs.block.safeParse(input);
    if (block.success) {
      const title = block.data.input?.title;
      return title ? `${block.data.block} · “${title}”` : block.data.block;
    }
  }
  if (name === "write_workspace_file") {
    const write = inputs.write.safeParse(input);
    if (write.success) {
      const size = write.data.content?.length ?? write.data.content_base64?.length;
      return size === undefined
        ? write.data.path
        : `${write.data.path} (${size.toLocaleString("en")} characters)`;
    }
  }
  if (name.endsWith("_workspace_file") || name === "list_workspace_files") {
    const path = inputs.path.safeParse(input);
    if (path.success) {
      const target = path.data.path ?? path.data.file_id ?? path.data.path_prefix;
      if (target) return target;
      if (name === "list_workspace_files") {
        const scope = (input as { scope?: unknown } | null)?.scope;
        return scope === "session" ? "this chat's folder" : "your workspace";
      }
    }
  }
  return compactJson(input);
}

type OutputSummary = { text: string | null; files: FileSummary[]; error: string | null };

function blockSummary(output: z.infer<typeof toolOutputReaders.block>): OutputSummary {
  const file = output.output.file ? summarizeFile(output.output.file) : null;
  return {
    text: file ? `Made ${file.name}` : `The ${output.block} block ran`,
    files: file ? [file] : [],
    error: null,
  };
}

function listSummary(output: z.infer<typeof toolOutputReaders.list>): OutputSummary {
  const count = output.files.length;
  const text = `${count} ${count === 1 ? "file" : "files"}${output.truncated ? " (more not listed)" : ""}`;
  return { text, files: output.files.slice(0, 20).map(summarizeFile), error: null };
}

function readSummary(output: z.infer<typeof toolOutputReaders.read>): OutputSummary {
  const { content, truncated } = output;
  const text =
    content === undefined
      ? "Not text: shown by reference"
      : `Read ${content.length.toLocaleString("en")} characters${truncated ? " (more in the file)" : ""}`;
  return { text, files: [summarizeFile(output.file)], error: null };
}

function writtenSummary(output: z.infer<typeof toolOutputReaders.written>): OutputSummary {
  const file = summarizeFile(output.file);
  return {
    text: file.version && file.version > 1 ? `Saved version ${file.version}` : "Saved",
    files: [file],
    error: null,
  };
}

/** The known tools by name (their outputs overlap in shape); any other tool by shape, else as JSON. */
function outputSummary(name: string, output: unknown): OutputSummary {
  const none = { files: [], error: null };
  const error = toolOutputReaders.error.safeParse(output);
  if (error.success) return { text: null, files: [], error: error.data.error.message };
  const known: Record<string, () => OutputSummary | null> = {
    run_block: () => parsed(toolOutputReaders.block, output, blockSummary),
    list_workspace_files: () => parsed(toolOutputReaders.list, output, listSummary),
    read_workspace_file: () => parsed(toolOutputReaders.read, output, readSummary),
    write_workspace_file: () => parsed(toolOutputReaders.written, output, writtenSummary),
    delete_workspace_file: () =>
      parsed(toolOutputReaders.deleted, output, (value) => ({
        ...none,
        text: `Moved ${value.deleted.path ?? "the file"} to the trash`,
      })),
    get_current_time: () =>
      parsed(toolOutputReaders.time, output, (value) => ({
        ...none,
        text: value.timezone ? `${value.iso} (${value.timezone})` : value.iso,
      })),
  };
  const summary = known[name]?.() ?? parsed(toolOutputReaders.block, output, blockSummary);
  return summary ?? { ...none, text: compactJson(output) };
}

function parsed<T>(
  schema: z.ZodType<T>,
  value: unknown,
  summarize: (value: T) => OutputSummary,
): OutputSummary | null {
  const result = schema.safeParse(value);
  return result.success ? summarize(result.data) : null;
}

function cardState(part: ToolPart, failed: boolean): ToolCardState {
  switch (part.state) {
    case "input-streaming":
      return "preparing";
    case "input-available":
    case "approval-responded":
      return "running";
    case "approval-requested":
      return "awaiting-approval";
    case "output-available":
      return failed ? "failed" : "done";
    case "output-error":
      return "failed";
    case "output-denied":
      return "denied";
  }
}

export function toolView(part: ToolPart): ToolView {
  const name = toolNameOf(part);
  const summary =
    part.state === "output-available"
      ? outputSummary(name, part.output)
      : { text: null, files: [], error: null };
  const errorText = part.state === "output-error" ? (part.errorText ?? "The tool failed") : summary.error;
  return {
    toolCallId: part.toolCallId,
    name,
    label: part.title ?? labels[name] ?? humanize(name),
    state: cardState(part, errorText !== null),
    inputSummary: inputSummary(name, part.input ?? part.rawInput),
    outputSummary: summary.text,
    errorText,
    files: summary.files,
  };
}
