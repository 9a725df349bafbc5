import { describe, expect, it } from "vitest";
import { parseTheme, THEME_STORAGE_KEY, themeBootScript, themeClasses } from "./theme";

/** Runs the inline boot script against a fake document and storage; returns the classes it added. */
function boot(stored: string | null, storageThrows = false): string[] {
  const added: string[] = [];
  const document = { documentElement: { classList: { add: (name: string) => added.push(name) } } };
  const localStorage = {
    getItem: (key: string) => {
      if (storageThrows) throw new Error("denied");
      return key === THEME_STORAGE_KEY ? stored : null;
    },
  };
  new Function("document", "localStorage", themeBootScript)(document, localStorage);
  return added;
}

describe("theme", () => {
  it.each([
    ["light", "light"],
    ["dark", "dark"],
    ["system", "system"],
    ["purple", "system"],
    [null, "system"],
  ])("parses %s as %s", (stored, choice) => {
    expect(parseTheme(stored)).toBe(choice);
  });

  it("sets a class only for an explicit choice", () => {
    expect(themeClasses("system")).toEqual({ light: false, dark: false });
    expect(themeClasses("dark")).toEqual({ light: false, dark: true });
    expect(themeClasses("light")).toEqual({ light: true, dark: false });
  });

  it("boot script applies the stored choice before paint, and nothing for unknown values", () => {
    expect(boot("dark")).toEqual(["dark"]);
    expect(boot("light")).toEqual(["light"]);
    expect(boot("system")).toEqual([]);
    expect(boot('"><script>')).toEqual([]);
    expect(boot("dark", true)).toEqual([]);
  });
});
