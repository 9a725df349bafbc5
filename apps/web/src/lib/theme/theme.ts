/**
 * The colour theme: the OS's (`system`, the default) or one the user picked. The choice lives in
 * this browser (localStorage), as a display preference should; the stylesheet reads it from a
 * `light`/`dark` class on <html> (globals.css), set before first paint by `themeBootScript`.
 */
export const themeChoices = ["system", "light", "dark"] as const;
export type ThemeChoice = (typeof themeChoices)[number];

export const THEME_STORAGE_KEY = "copilot:theme";

export function parseTheme(value: unknown): ThemeChoice {
  return themeChoices.includes(value as ThemeChoice) ? (value as ThemeChoice) : "system";
}

/** The <html> classes for a choice (pure): none for `system`, so the media query decides. */
export function themeClasses(choice: ThemeChoice): { light: boolean; dark: boolean } {
  return { light: choice === "light", dark: choice === "dark" };
}

export function applyTheme(root: HTMLElement, choice: ThemeChoice) {
  const classes = themeClasses(choice);
  root.classList.toggle("light", classes.light);
  root.classList.toggle("dark", classes.dark);
}

/**
 * Runs inline in <head> before the page paints, so a dark choice never flashes light. Kept tiny
 * and self-contained (it cannot import); `theme.test.ts` runs it against the module's own rules.
 */
export const themeBootScript = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t==="light"||t==="dark")document.documentElement.classList.add(t)}catch(e){}})()`;
