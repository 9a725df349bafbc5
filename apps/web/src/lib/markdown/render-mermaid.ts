import { sanitizeSvg } from "./sanitize-svg";
import type { ColorScheme } from "./use-color-scheme";

export type MermaidResult = { kind: "drawn"; svg: SVGSVGElement } | { kind: "failed"; message: string };

type Mermaid = typeof import("mermaid")["default"];
let mermaid: Promise<Mermaid> | null = null;
let queue: Promise<unknown> = Promise.resolve();
let nextId = 0;

/** Mermaid (about 2 MB with its diagram chunks) is fetched with the first closed diagram fence. */
function loadMermaid(): Promise<Mermaid> {
  mermaid ??= import("mermaid").then((module) => module.default);
  mermaid.catch(() => {
    mermaid = null;
  });
  return mermaid;
}

const drawn = new Map<string, Promise<MermaidResult>>();
const CACHE_LIMIT = 50;

/**
 * The diagram as a sanitised <svg> element, or why it could not be drawn. An element, not markup:
 * re-parsing sanitised markup is how mutation XSS slips through, so callers insert clones of it.
 * Renders run one at a time (mermaid's configuration is global and each render sets its theme),
 * and each (code, scheme) is drawn once.
 */
export function renderMermaid(code: string, scheme: ColorScheme): Promise<MermaidResult> {
  const key = `${scheme}\u0000${code}`;
  const known = drawn.get(key);
  if (known) return known;
  const run = queue.then(() => draw(code, scheme));
  queue = run.catch(() => undefined);
  if (drawn.size >= CACHE_LIMIT) drawn.delete(drawn.keys().next().value as string);
  drawn.set(key, run);
  // A failed chunk load is worth another try; a syntax error is not.
  run.catch(() => drawn.delete(key));
  return run;
}

async function draw(code: string, scheme: ColorScheme): Promise<MermaidResult> {
  const api = await loadMermaid();
  api.initialize({
    startOnLoad: false,
    // No click handlers, no HTML in labels, text encoded; diagram directives (`%%{init}%%`) may not
    // loosen any of it or restyle the page: those keys are locked for the diagram's own config.
    securityLevel: "strict",
    htmlLabels: false,
    secure: [
      "secure",
      "securityLevel",
      "startOnLoad",
      "maxTextSize",
      "maxEdges",
      "suppressErrorRendering",
      "htmlLabels",
      "theme",
      "themeCSS",
      "themeVariables",
      "darkMode",
      "fontFamily",
      "altFontFamily",
    ],
    // A syntax error throws instead of drawing mermaid's error picture into the page.
    suppressErrorRendering: true,
    theme: scheme === "dark" ? "dark" : "default",
    fontFamily: "inherit",
  });
  try {
    const { svg } = await api.render(`mermaid-diagram-${++nextId}`, code);
    const clean = sanitizeSvg(svg);
    if (!clean) return { kind: "failed", message: "The diagram produced no picture." };
    // Mermaid names the picture only when the diagram has an `accTitle`.
    if (!clean.hasAttribute("aria-labelledby") && !clean.hasAttribute("aria-label"))
      clean.setAttribute("aria-label", "Diagram");
    return { kind: "drawn", svg: clean };
  } catch (error) {
    return { kind: "failed", message: error instanceof Error ? error.message : String(error) };
  }
}
