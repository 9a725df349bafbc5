/**
 * The languages a fence is highlighted in, each its own chunk fetched the first time a fence uses
 * it (static import paths, so the bundler can split them). Anything else stays plain text: the
 * full shiki bundle is over 200 grammars and several megabytes.
 */
const grammars = {
  bash: () => import("shiki/langs/bash.mjs"),
  c: () => import("shiki/langs/c.mjs"),
  cpp: () => import("shiki/langs/cpp.mjs"),
  csharp: () => import("shiki/langs/csharp.mjs"),
  css: () => import("shiki/langs/css.mjs"),
  diff: () => import("shiki/langs/diff.mjs"),
  dockerfile: () => import("shiki/langs/dockerfile.mjs"),
  go: () => import("shiki/langs/go.mjs"),
  html: () => import("shiki/langs/html.mjs"),
  java: () => import("shiki/langs/java.mjs"),
  javascript: () => import("shiki/langs/javascript.mjs"),
  json: () => import("shiki/langs/json.mjs"),
  jsx: () => import("shiki/langs/jsx.mjs"),
  markdown: () => import("shiki/langs/markdown.mjs"),
  python: () => import("shiki/langs/python.mjs"),
  rust: () => import("shiki/langs/rust.mjs"),
  sql: () => import("shiki/langs/sql.mjs"),
  toml: () => import("shiki/langs/toml.mjs"),
  tsx: () => import("shiki/langs/tsx.mjs"),
  typescript: () => import("shiki/langs/typescript.mjs"),
  yaml: () => import("shiki/langs/yaml.mjs"),
};

export type CodeLanguage = keyof typeof grammars;

const aliases: Record<string, CodeLanguage> = {
  sh: "bash",
  shell: "bash",
  shellscript: "bash",
  zsh: "bash",
  "c++": "cpp",
  cs: "csharp",
  "c#": "csharp",
  docker: "dockerfile",
  patch: "diff",
  golang: "go",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  node: "javascript",
  jsonc: "json",
  json5: "json",
  md: "markdown",
  py: "python",
  python3: "python",
  rs: "rust",
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  yml: "yaml",
};

/** The grammar for a fence's info word, or null when it is not one we highlight. */
export function codeLanguage(info: string | null): CodeLanguage | null {
  const name = info?.trim().toLowerCase() ?? "";
  if (Object.hasOwn(grammars, name)) return name as CodeLanguage;
  return Object.hasOwn(aliases, name) ? (aliases[name] ?? null) : null;
}

export const loadGrammar = (language: CodeLanguage) => grammars[language]();
