/**
 * Sizes use binary multiples with the familiar short labels (1 GB = 1024³ bytes), so the default
 * 1 GiB quota reads "1 GB" rather than "1.07 GB".
 */
const UNITS = ["B", "KB", "MB", "GB", "TB"] as const;

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "—";
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // One decimal below 10 ("1.5 MB"), none above ("42 MB"); bytes are always whole.
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  const rounded = Number(value.toFixed(digits));
  // 1023.96 KB rounds to "1024 KB"; say "1 MB" instead.
  if (rounded >= 1024 && unit < UNITS.length - 1) return `1 ${UNITS[unit + 1]}`;
  return `${rounded.toLocaleString("en-US", { maximumFractionDigits: digits, useGrouping: false })} ${UNITS[unit]}`;
}

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
