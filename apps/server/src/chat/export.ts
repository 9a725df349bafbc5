import type { ChatExportFormat, ChatSession, UIMessage } from "@copilot/protocol";
import type { Deps } from "../deps";
import { toUIMessage } from "./messages";
import { activeTaskOf } from "./recovery";
import { shownBranch } from "./session-view";
import { getOwnedSession, toSession } from "./sessions";

export type ChatExport = { filename: string; contentType: string; body: string };

/**
 * A chat as a file the user keeps: Markdown to read, JSON to process (the API's own session and
 * message shapes, so nothing is lost). An answer still being written is left out, as the session
 * detail leaves it out: the export holds what is saved, never half a message. Of a conversation
 * with versions, the branch shown is exported.
 */
export async function exportChat(
  deps: Deps,
  userId: string,
  sessionId: string,
  format: ChatExportFormat,
  now = new Date(),
): Promise<ChatExport> {
  const row = await getOwnedSession(deps.db, userId, sessionId);
  const activeTaskId = await activeTaskOf(deps.db, deps.streams, sessionId);
  const session = toSession(row, activeTaskId !== null);
  const messages = (await shownBranch(deps.db, sessionId, activeTaskId)).path.map(toUIMessage);
  const base = `${fileStem(session.title)}-${now.toISOString().slice(0, 10)}`;
  if (format === "json") {
    const document = { format: "copilot.chat.v1", exported_at: now.toISOString(), session, messages };
    return {
      filename: `${base}.json`,
      contentType: "application/json; charset=utf-8",
      body: `${JSON.stringify(document, null, 2)}\n`,
    };
  }
  return {
    filename: `${base}.md`,
    contentType: "text/markdown; charset=utf-8",
    body: chatToMarkdown(session, messages, now),
  };
}

/** A file name from a title: letters, digits and dashes, at most 60 characters. */
export function fileStem(title: string): string {
  const stem = title
    .normalize("NFKD")
    .replace(/\p{M}/gu, "") // the accents NFKD split off: "é" → "e"
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "")
    .toLowerCase();
  return stem || "chat";
}

const ROLE_HEADINGS: Record<UIMessage["role"], string> = {
  user: "You",
  assistant: "Assistant",
  system: "System",
};

/** The chat as Markdown (pure): a heading per message, its text as written, tools and files as one line each. */
export function chatToMarkdown(session: ChatSession, messages: readonly UIMessage[], now: Date): string {
  const lines = [`# ${session.title}`, "", `_Exported from CoPilot on ${now.toISOString()}._`];
  for (const message of messages) {
    const body = message.parts.map(partToMarkdown).filter((text) => text !== null);
    if (body.length === 0) continue;
    const model = typeof message.metadata?.model === "string" ? ` (${message.metadata.model})` : "";
    lines.push("", `## ${ROLE_HEADINGS[message.role]}${message.role === "assistant" ? model : ""}`, "");
    lines.push(body.join("\n\n"));
  }
  return `${lines.join("\n")}\n`;
}

type Part = UIMessage["parts"][number];
const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

function partToMarkdown(part: Part): string | null {
  if (part.type === "text") return text(part.text)?.trim() || null;
  if (part.type === "file") {
    const name = text(part.filename) ?? text(part.mediaType) ?? "file";
    const url = text(part.url);
    return url ? `[${name}](${url})` : null;
  }
  // Static tool parts are `tool-<name>`; tools the model was given at run time are `dynamic-tool`.
  const tool =
    part.type === "dynamic-tool"
      ? text(part.toolName)
      : part.type.startsWith("tool-")
        ? part.type.slice(5)
        : null;
  if (tool === null) return null; // reasoning, step boundaries, data parts: not part of the conversation
  const state = text(part.state);
  const outcome =
    state === "output-error"
      ? `failed: ${text(part.errorText) ?? "error"}`
      : state === "output-available"
        ? "done"
        : state;
  return `> Tool \`${tool}\`${outcome ? ` — ${outcome}` : ""}`;
}
