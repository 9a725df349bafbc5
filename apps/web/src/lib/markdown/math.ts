"use client";

import "katex/dist/katex.min.css";
import { useEffect, useState } from "react";
import remarkMath from "remark-math";
import type { PluggableList } from "unified";

/**
 * Math is `$$…$$` only, on its own lines (display) or inside a line (inline). A single `$` is
 * text: answers mention prices ("$5 and $6") far more often than they use inline TeX.
 */
export const remarkMathPlugin: [typeof remarkMath, { singleDollarTextMath: false }] = [
  remarkMath,
  { singleDollarTextMath: false },
];

/**
 * KaTeX's settings. `trust: false` (its default, spelled out) turns `\href`, `\url`,
 * `\includegraphics` and `\htmlClass`-style commands into error text, so no formula becomes a
 * link or loads anything; a formula that does not parse is shown as its source (rehype-katex
 * retries with `throwOnError: false`); `maxExpand` bounds macro expansion.
 */
export const katexOptions = {
  trust: false,
  strict: "ignore",
  throwOnError: false,
  errorColor: "inherit",
  maxExpand: 1000,
  output: "htmlAndMathml",
} as const;

let loaded: PluggableList | null = null;
let loading: Promise<PluggableList> | null = null;

/** rehype-katex with KaTeX (about 270 kB) comes with the first block that has math in it. */
export function loadMathPlugins(): Promise<PluggableList> {
  loading ??= import("rehype-katex").then(({ default: rehypeKatex }) => {
    loaded = [[rehypeKatex, katexOptions]];
    return loaded;
  });
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

const NONE: PluggableList = [];
/** Could this text hold math? Cheap, and wrong only towards loading KaTeX once too many. */
const mayHaveMath = (text: string) =>
  text.includes("$$") || /^[ \t>*+-]*(`{3,}|~{3,})[ \t]*math\b/m.test(text);

/**
 * The rehype plugins a block needs: none until its text has math, then KaTeX once loaded (until
 * then math shows as its source; the component re-renders when it arrives).
 */
export function useMathPlugins(text: string): PluggableList {
  const needed = mayHaveMath(text);
  const [plugins, setPlugins] = useState(loaded);
  useEffect(() => {
    if (!needed || plugins) return;
    let live = true;
    loadMathPlugins().then(
      (ready) => live && setPlugins(ready),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [needed, plugins]);
  return needed ? (plugins ?? loaded ?? NONE) : NONE;
}
