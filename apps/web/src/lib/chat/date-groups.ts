/** The sidebar's date groups, by the local calendar day of a chat's last activity. */
export type DateGroup = "Today" | "Yesterday" | "Previous 7 days" | "Previous 30 days" | "Older";

const DAY_MS = 24 * 60 * 60 * 1000;

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

export function dateGroupOf(iso: string, now: Date): DateGroup {
  const days = Math.round((startOfDay(now) - startOfDay(new Date(iso))) / DAY_MS);
  if (days <= 0) return "Today";
  if (days === 1) return "Yesterday";
  if (days <= 7) return "Previous 7 days";
  if (days <= 30) return "Previous 30 days";
  return "Older";
}

/** Items in their order, cut into consecutive groups (the list is newest first, so groups are too). */
export function groupByDate<T extends { updated_at: string }>(
  items: T[],
  now: Date,
): Array<{ group: DateGroup; items: T[] }> {
  const groups: Array<{ group: DateGroup; items: T[] }> = [];
  for (const item of items) {
    const group = dateGroupOf(item.updated_at, now);
    const last = groups.at(-1);
    if (last?.group === group) last.items.push(item);
    else groups.push({ group, items: [item] });
  }
  return groups;
}
