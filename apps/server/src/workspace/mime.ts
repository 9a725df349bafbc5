import { isTextType } from "@copilot/protocol";
import { fileTypeFromBuffer } from "file-type";

/**
 * The server decides a file's type from its bytes (docs/api.md §7), never from what the client says:
 * a type detected from the first bytes wins; else an allow-listed text extension whose head is
 * valid UTF-8 gives a text type; else `application/octet-stream`.
 */
const OCTET_STREAM = "application/octet-stream";
const SERVED_TEXT_TYPE = "text/plain; charset=utf-8";
/** Enough for every signature file-type knows, including zip-based office formats. */
export const HEAD_BYTES = 64 * 1024;

const TEXT_EXTENSIONS: Record<string, string> = {
  txt: "text/plain",
  text: "text/plain",
  log: "text/plain",
  md: "text/markdown",
  markdown: "text/markdown",
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  json: "application/json",
  jsonl: "application/x-ndjson",
  ndjson: "application/x-ndjson",
  yaml: "application/yaml",
  yml: "application/yaml",
  toml: "application/toml",
  xml: "application/xml",
  html: "text/html",
  htm: "text/html",
  css: "text/css",
  svg: "image/svg+xml",
  js: "text/javascript",
  mjs: "text/javascript",
  ini: "text/plain",
  cfg: "text/plain",
  conf: "text/plain",
  rst: "text/plain",
  tex: "text/plain",
  srt: "text/plain",
  vtt: "text/vtt",
  ts: "text/plain",
  tsx: "text/plain",
  jsx: "text/plain",
  py: "text/plain",
  rb: "text/plain",
  go: "text/plain",
  rs: "text/plain",
  java: "text/plain",
  kt: "text/plain",
  c: "text/plain",
  h: "text/plain",
  cpp: "text/plain",
  hpp: "text/plain",
  cs: "text/plain",
  sh: "text/plain",
  sql: "text/plain",
};

/**
 * The Content-Type a download is served with: every text type (HTML, SVG and XML included) as
 * plain text, so no stored byte is ever interpreted as markup on our origin.
 */
export function servedContentType(mimeType: string): string {
  return isTextType(mimeType) ? SERVED_TEXT_TYPE : mimeType;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/**
 * Valid UTF-8 without NUL bytes. `complete` false: the head may end inside a multi-byte
 * character, which is not an error.
 */
function looksLikeText(head: Uint8Array, complete: boolean): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/** `head` is the file's first bytes (all of them when `complete`); `name` its display name. */
export async function decideMimeType(head: Uint8Array, name: string, complete: boolean): Promise<string> {
  const detected = await fileTypeFromBuffer(head).catch(() => undefined);
  if (detected) return detected.mime;
  const textType = TEXT_EXTENSIONS[extensionOf(name)];
  if (textType && looksLikeText(head, complete)) return textType;
  return OCTET_STREAM;
}
