import { describe, expect, it } from "vitest";
import { dateGroupOf, groupByDate } from "./date-groups";

// A local noon, so no time zone moves it across a day boundary.
const now = new Date(2026, 11, 5, 12, 0, 0);
const daysAgo = (days: number, hours = 0) => new Date(2026, 11, 5 - days, 12 - hours).toISOString();

describe("date groups", () => {
  it.each([
    [daysAgo(0, 11), "Today"],
    [daysAgo(0, -11), "Today"],
    [daysAgo(1), "Yesterday"],
    [daysAgo(0, 13), "Yesterday"],
    [daysAgo(2), "Previous 7 days"],
    [daysAgo(7), "Previous 7 days"],
    [daysAgo(8), "Previous 30 days"],
    [daysAgo(30), "Previous 30 days"],
    [daysAgo(31), "Older"],
  ])("%s → %s", (iso, group) => {
    expect(dateGroupOf(iso, now)).toBe(group);
  });

  it("cuts a newest-first list into consecutive groups", () => {
    const items = [daysAgo(0), daysAgo(0, 2), daysAgo(1), daysAgo(40)].map((updated_at, id) => ({
      id,
      updated_at,
    }));
    expect(groupByDate(items, now).map(({ group, items }) => [group, items.map((item) => item.id)])).toEqual([
      ["Today", [0, 1]],
      ["Yesterday", [2]],
      ["Older", [3]],
    ]);
  });
});
