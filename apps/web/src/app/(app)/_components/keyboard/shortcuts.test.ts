import { describe, expect, it } from "vitest";
import { type ShortcutEvent, shortcutOf } from "./shortcuts";

const press = (key: string, extra: Partial<ShortcutEvent> = {}): ShortcutEvent => ({
  key,
  metaKey: false,
  ctrlKey: false,
  altKey: false,
  defaultPrevented: false,
  isComposing: false,
  target: { tagName: "BODY", isContentEditable: false },
  ...extra,
});

describe("shortcutOf", () => {
  it("opens the palette with Ctrl+K or ⌘K, even while typing", () => {
    expect(shortcutOf(press("k", { ctrlKey: true }))).toBe("palette");
    expect(shortcutOf(press("K", { metaKey: true }))).toBe("palette");
    expect(shortcutOf(press("k", { ctrlKey: true, target: { tagName: "TEXTAREA" } }))).toBe("palette");
    expect(shortcutOf(press("k"))).toBeNull();
  });

  it("opens the shortcuts sheet with ? outside text fields only", () => {
    expect(shortcutOf(press("?"))).toBe("shortcuts");
    expect(shortcutOf(press("?", { target: { tagName: "TEXTAREA" } }))).toBeNull();
    expect(shortcutOf(press("?", { target: { tagName: "INPUT" } }))).toBeNull();
    expect(shortcutOf(press("?", { target: { tagName: "DIV", isContentEditable: true } }))).toBeNull();
  });

  it("leaves handled, composing and Alt presses alone", () => {
    expect(shortcutOf(press("k", { ctrlKey: true, defaultPrevented: true }))).toBeNull();
    expect(shortcutOf(press("k", { ctrlKey: true, isComposing: true }))).toBeNull();
    expect(shortcutOf(press("k", { ctrlKey: true, altKey: true }))).toBeNull();
  });
});
