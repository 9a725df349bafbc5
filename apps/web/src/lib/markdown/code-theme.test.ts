import githubDark from "shiki/themes/github-dark-default.mjs";
import githubLight from "shiki/themes/github-light.mjs";
import { describe, expect, it } from "vitest";
import { CODE_BACKGROUND, contrastOf, readableColour, readableTheme } from "./code-theme";

const foregrounds = (theme: typeof githubLight) => [
  ...new Set(
    (theme.tokenColors ?? []).flatMap((rule) => (rule.settings.foreground ? [rule.settings.foreground] : [])),
  ),
];

describe("readableTheme", () => {
  it.each([
    ["github-light", githubLight, CODE_BACKGROUND.light],
    ["github-dark-default", githubDark, CODE_BACKGROUND.dark],
  ])("gives every %s token colour AA contrast on the code block", (_name, theme, background) => {
    const adjusted = readableTheme(theme, background);
    const failing = foregrounds(adjusted).filter((colour) => contrastOf(colour, background) < 4.5);
    expect(failing).toEqual([]);
    expect(contrastOf(adjusted.colors?.["editor.foreground"] ?? "", background)).toBeGreaterThanOrEqual(4.5);
  });

  it("changes only the colours that fall short", () => {
    // github-light's orange is about 4:1 on the light block; its dark text is far above.
    expect(contrastOf("#E36209", CODE_BACKGROUND.light)).toBeLessThan(4.5);
    const fixed = readableColour("#E36209", CODE_BACKGROUND.light);
    expect(fixed).not.toBe("#E36209");
    expect(contrastOf(fixed, CODE_BACKGROUND.light)).toBeGreaterThanOrEqual(4.5);
    expect(readableColour("#24292E", CODE_BACKGROUND.light)).toBe("#24292E");
    // Dark backgrounds lighten instead.
    const lighter = readableColour("#444444", CODE_BACKGROUND.dark);
    expect(contrastOf(lighter, CODE_BACKGROUND.dark)).toBeGreaterThanOrEqual(4.5);
    expect(Number.parseInt(lighter.slice(1, 3), 16)).toBeGreaterThan(0x44);
  });
});
