/**
 * What the template planner reads from a goal in plain words: numbers, a title, a file to read,
 * where to save, quoted text. Each reader returns null when the goal does not say.
 */
const NUMBER_LIST = /[-+]?\d+(?:\.\d+)?(?:\s*(?:,|;|\s)\s*[-+]?\d+(?:\.\d+)?)+/;
const QUOTED = /"([^"]+)"|“([^”]+)”|'([^']{2,})'/;
const FILE =
  /(?:^|[\s"'(])((?:\/|\.\/)?[\w-]+(?:\/[\w.-]+)*\.(?:txt|md|csv|json|png|jpg|jpeg|svg|html|log|yaml|yml))\b/i;
const SAVE =
  /\b(?:save|saves|saved|saving|store|stores|keep|keeps)\b|\bwrites?\s+(?:it|them|the\s+\w+)\s+(?:to|into|as)\b/i;

export function numbersIn(goal: string): string | null {
  return NUMBER_LIST.exec(goal)?.[0]?.trim() ?? null;
}

export function quotedIn(goal: string): string | null {
  const match = QUOTED.exec(goal);
  return match ? (match[1] ?? match[2] ?? match[3] ?? null) : null;
}

/** `titled Sales` / `called "Sales"` → Sales (up to "and", a comma or the end). */
export function titleIn(goal: string): string | null {
  const match =
    /\b(?:titled|called|named)\s+(?:"([^"]+)"|'([^']+)'|(.+?))(?=\s+and\b|\s+then\b|[,.;]|$)/i.exec(goal);
  const title = match ? (match[1] ?? match[2] ?? match[3] ?? "").trim() : "";
  return title === "" ? null : title.slice(0, 200);
}

export const wantsSaving = (goal: string) => SAVE.test(goal);

/** The path a goal that saves names (`… saves it to reports/chart.png`), if it names one. */
export function savePathIn(goal: string): string | null {
  if (!wantsSaving(goal)) return null;
  const match = /\b(?:to|as|into)\s+((?:\/)?[\w-]+(?:\/[\w.-]+)*\.\w{1,5})\b/i.exec(goal);
  return match?.[1] ?? null;
}

/** A file the goal reads (`summarize notes.txt`), when it names one that is not where it saves. */
export function readPathIn(goal: string): string | null {
  const saveTo = savePathIn(goal);
  const found = FILE.exec(goal)?.[1] ?? null;
  return found && found !== saveTo ? found : null;
}

export const has = (goal: string, pattern: RegExp) => pattern.test(goal);
