/**
 * A file size for people, the same in the file browser, the chat's tool cards and the offline
 * model's answers. Sizes use binary multiples with the familiar short labels (1 GB = 1024³ bytes), so the default
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
