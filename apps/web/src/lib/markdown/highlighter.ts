import type { HighlighterCore } from "shiki/core";
import { type CodeLanguage, loadGrammar } from "./code-languages";
import { CODE_BACKGROUND, readableTheme } from "./code-theme";

/** One token: its text and its inline style (`--shiki-light`/`--shiki-dark` colour variables). */
export type CodeToken = { content: string; style: Record<string, string> };
export type HighlightedCode = CodeToken[][];

const THEMES = { light: "github-light", dark: "github-dark-default" } as const;

let highlighter: Promise<HighlighterCore> | null = null;
const grammars = new Map<CodeLanguage, Promise<void>>();

/**
 * shiki's core with the JavaScript regex engine: the page's CSP forbids WebAssembly compilation
 * (no `'wasm-unsafe-eval'`, docs/security.md), so the Oniguruma engine is out. `forgiving` skips
 * the rare grammar pattern the engine cannot translate instead of failing the whole language.
 * Loaded on the first closed fence, not with the page.
 */
function loadHighlighter(): Promise<HighlighterCore> {
  highlighter ??= (async () => {
    const [{ createHighlighterCore }, { createJavaScriptRegexEngine }, light, dark] = await Promise.all([
      import("shiki/core"),
      import("shiki/engine/javascript"),
      import("shiki/themes/github-light.mjs"),
      import("shiki/themes/github-dark-default.mjs"),
    ]);
    return createHighlighterCore({
      themes: [
        readableTheme(light.default, CODE_BACKGROUND.light),
        readableTheme(dark.default, CODE_BACKGROUND.dark),
      ],
      langs: [],
      engine: createJavaScriptRegexEngine({ forgiving: true }),
    });
  })();
  // A failed chunk load (a deploy replaced the build) may succeed on the next fence.
  highlighter.catch(() => {
    highlighter = null;
  });
  return highlighter;
}

async function withGrammar(language: CodeLanguage): Promise<HighlighterCore> {
  const core = await loadHighlighter();
  let loading = grammars.get(language);
  if (!loading) {
    loading = loadGrammar(language).then((module) => core.loadLanguage(module.default));
    loading.catch(() => grammars.delete(language));
    grammars.set(language, loading);
  }
  await loading;
  return core;
}

/**
 * No per-line time limit: shiki's (500 ms by default) counts the first use of a grammar, which
 * compiles its patterns (~0.4 s for TypeScript on an idle desktop, more on a slow phone or a busy
 * machine), and a line cut short is painted in the colour of the state it stopped in (code after
 * a comment drawn as comment), then cached. What bounds the work instead is the line length: a
 * line this long (minified code, a data blob) is shown plain and the lines around it coloured.
 */
const TOKENIZE = { tokenizeTimeLimit: 0, tokenizeMaxLineLength: 2_000 } as const;

const CACHE_LIMIT = 200;
const done = new Map<string, HighlightedCode>();
const pending = new Map<string, Promise<HighlightedCode>>();
const keyOf = (code: string, language: CodeLanguage) => `${language}\u0000${code}`;

/** Tokens already computed for this code, so a remounted block paints highlighted at once. */
export const cachedHighlight = (code: string, language: CodeLanguage) =>
  done.get(keyOf(code, language)) ?? null;

/** Tokens of `code` in both themes; one run per distinct (code, language), shared by callers. */
export function highlight(code: string, language: CodeLanguage): Promise<HighlightedCode> {
  const key = keyOf(code, language);
  const known = done.get(key);
  if (known) return Promise.resolve(known);
  let running = pending.get(key);
  if (!running) {
    running = withGrammar(language).then((core) => {
      const { tokens } = core.codeToTokens(code, {
        lang: language,
        themes: THEMES,
        defaultColor: false,
        ...TOKENIZE,
      });
      const lines = tokens.map((line) =>
        line.map((token) => ({ content: token.content, style: token.htmlStyle ?? {} }) as CodeToken),
      );
      if (done.size >= CACHE_LIMIT) done.delete(done.keys().next().value as string);
      done.set(key, lines);
      return lines;
    });
    const forget = () => pending.delete(key);
    running.then(forget, forget);
    pending.set(key, running);
  }
  return running;
}
