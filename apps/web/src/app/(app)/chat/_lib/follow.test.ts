import { describe, expect, it } from "vitest";
import { keepFollowing } from "./follow";

const frame = (top: number, height = 5_000, clientHeight = 800) => ({ top, height, clientHeight });

describe("keepFollowing", () => {
  it("follows at the bottom, whatever came before", () => {
    expect(keepFollowing(false, frame(1_000), frame(4_200))).toBe(true);
    expect(keepFollowing(false, null, frame(4_160))).toBe(true);
  });

  it("stops when the reader scrolls up", () => {
    expect(keepFollowing(true, frame(4_200), frame(3_900))).toBe(false);
  });

  it("keeps following when content grew under it (no reader scroll), as under load", () => {
    // The end moved 600 px away in one burst, the position did not move: still following.
    expect(keepFollowing(true, frame(4_200), frame(4_200, 5_600))).toBe(true);
  });

  it("does not count the browser clamping the position as the reader's scroll", () => {
    expect(keepFollowing(true, frame(4_200), frame(3_000, 4_500))).toBe(true);
    expect(keepFollowing(true, frame(4_200), frame(3_900, 5_000, 1_100))).toBe(true);
  });

  it("stays where the reader left it until they come back down", () => {
    expect(keepFollowing(false, frame(2_000), frame(2_500))).toBe(false);
    expect(keepFollowing(false, frame(2_000), frame(2_000, 6_000))).toBe(false);
  });
});
