export { formatBytes } from "@copilot/protocol";

/** `text/plain; charset=utf-8` → `text/plain`. */
export function essenceOf(mimeType: string): string {
  return (mimeType.split(";")[0] ?? "").trim().toLowerCase();
}

const TYPE_LABELS: Record<string, string> = {
  "application/pdf": "PDF",
  "application/json": "JSON",
  "application/x-ndjson": "JSON lines",
  "application/yaml": "YAML",
  "application/toml": "TOML",
  "application/xml": "XML",
  "application/zip": "ZIP archive",
  "application/gzip": "Gzip archive",
  "application/octet-stream": "Binary",
  "image/svg+xml": "SVG image",
  "image/jpeg": "JPEG image",
  "text/plain": "Text",
  "text/markdown": "Markdown",
  "text/csv": "CSV",
  "text/tab-separated-values": "TSV",
  "text/html": "HTML",
  "text/css": "CSS",
  "text/javascript": "JavaScript",
};

/** A short human label for a MIME type: "PNG image", "PDF", "Text". */
export function describeType(mimeType: string): string {
  const essence = essenceOf(mimeType);
  const known = TYPE_LABELS[essence];
  if (known) return known;
  const [top, sub = ""] = essence.split("/");
  const subLabel = sub.replace(/^(x-|vnd\.)/, "").toUpperCase();
  switch (top) {
    case "image":
      return `${subLabel} image`;
    case "audio":
      return `${subLabel} audio`;
    case "video":
      return `${subLabel} video`;
    case "text":
      return "Text";
    default:
      return subLabel || "File";
  }
}

/**
 * Dates in the viewer's locale and time zone. Only called after hydration (see LocalTime): the
 * server's locale and zone are not the viewer's.
 */
export function formatDateTime(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

/** Stable on server and client alike (UTC, ISO date): what is shown before hydration. */
export function formatDateUtc(iso: string): string {
  return iso.slice(0, 10);
}

/** "3 files" / "1 file". */
export function countFiles(count: number): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? "file" : "files"}`;
}
