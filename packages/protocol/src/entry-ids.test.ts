import { describe, expect, it } from "vitest";
import { compareEntryIds } from "./chunks";

/** The obvious definition, exact for any width: what the in-place comparison must agree with. */
function reference(a: string, b: string): number {
  const [am = "0", as = "0"] = a.split("-");
  const [bm = "0", bs = "0"] = b.split("-");
  const ms = BigInt(am || "0") - BigInt(bm || "0");
  const difference = ms !== 0n ? ms : BigInt(as || "0") - BigInt(bs || "0");
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

describe("compareEntryIds", () => {
  it.each([
    ["0-0", "0-0", 0],
    ["1-0", "0-0", 1],
    ["9-5", "10-0", -1],
    ["1733500000000-9", "1733500000000-10", -1],
    ["1733500000000-10", "1733500000000-9", 1],
    ["1733500000001-0", "1733500000000-999", 1],
    ["007-1", "7-1", 0],
    ["7", "7-0", 0],
    ["7", "7-1", -1],
    ["999999999999999-999999999999999", "999999999999999-999999999999998", 1],
  ])("%s vs %s is %i", (a, b, expected) => {
    expect(compareEntryIds(a, b)).toBe(expected);
    expect(compareEntryIds(b, a)).toBe(-expected || 0);
  });

  it("agrees with a BigInt comparison on random ids of mixed widths", () => {
    let seed = 42;
    const random = (limit: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % limit;
    };
    const digits = () => String(random(10) === 0 ? 0 : random(10 ** (1 + random(9))));
    for (let i = 0; i < 5_000; i++) {
      const a = `${digits()}-${digits()}`;
      const b = random(4) === 0 ? `${a.split("-")[0]}-${digits()}` : `${digits()}-${digits()}`;
      expect(compareEntryIds(a, b), `${a} vs ${b}`).toBe(reference(a, b));
    }
  });
});
