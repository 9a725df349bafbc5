import type { ThemeRegistrationRaw } from "shiki/core";

/**
 * Code colours readable on our code blocks. The GitHub themes are tuned for GitHub's own
 * backgrounds; on ours some fall short of WCAG AA (github-light's orange `#E36209` is about 4.1:1,
 * its grey comments sit at the limit). Rather than override single colours in CSS, every token
 * colour below 4.6:1 against the block's background is darkened (light) or lightened (dark) just
 * enough, once, when the theme is loaded; colours that already pass are left exactly as they are.
 */
export function readableTheme(theme: ThemeRegistrationRaw, background: string): ThemeRegistrationRaw {
  const fix = (colour: string | undefined) => (colour ? readableColour(colour, background) : colour);
  const foreground = theme.colors?.["editor.foreground"];
  return {
    ...theme,
    colors: {
      ...theme.colors,
      ...(foreground ? { "editor.foreground": readableColour(foreground, background) } : {}),
    },
    tokenColors: theme.tokenColors?.map((rule) => ({
      ...rule,
      settings: { ...rule.settings, foreground: fix(rule.settings.foreground) },
    })),
  };
}

/**
 * The code block's background per theme, the conservative end of what it is drawn on:
 * `bg-muted/50` over the page lies between --background and --muted (globals.css), so light is
 * judged against --muted (the darker end) and dark against --muted (the lighter end).
 */
export const CODE_BACKGROUND = { light: "#f2f3f6", dark: "#1f2228" } as const;

const TARGET = 4.6;

export function readableColour(colour: string, background: string): string {
  const bg = parseHex(background);
  let rgb = parseHex(colour);
  if (!bg || !rgb) return colour;
  if (rgb.alpha < 1) rgb = { ...blend(rgb, bg, rgb.alpha), alpha: 1 };
  if (contrastRatio(rgb, bg) >= TARGET) return colour;
  const toward = luminance(bg) > 0.5 ? { r: 0, g: 0, b: 0, alpha: 1 } : { r: 255, g: 255, b: 255, alpha: 1 };
  for (let step = 1; step <= 20; step++) {
    const candidate = blend(toward, rgb, step / 20);
    if (contrastRatio(candidate, bg) >= TARGET) return toHex(candidate);
  }
  return toHex(toward);
}

type Rgb = { r: number; g: number; b: number; alpha: number };

function parseHex(colour: string): Rgb | null {
  const hex = /^#([\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})$/i.exec(colour)?.[1];
  if (!hex) return null;
  const full = hex.length <= 4 ? [...hex].map((c) => c + c).join("") : hex;
  const byte = (index: number) => Number.parseInt(full.slice(index, index + 2), 16);
  return { r: byte(0), g: byte(2), b: byte(4), alpha: full.length === 8 ? byte(6) / 255 : 1 };
}

const toHex = ({ r, g, b }: Rgb) =>
  `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;

/** `over` with `weight` mixed into `under`. */
const blend = (over: Rgb, under: Rgb, weight: number): Rgb => ({
  r: over.r * weight + under.r * (1 - weight),
  g: over.g * weight + under.g * (1 - weight),
  b: over.b * weight + under.b * (1 - weight),
  alpha: 1,
});

function luminance({ r, g, b }: Rgb): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrastRatio(a: Rgb, b: Rgb): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

export const contrastOf = (colour: string, background: string) => {
  const a = parseHex(colour);
  const b = parseHex(background);
  return a && b ? contrastRatio(a, b) : 0;
};
