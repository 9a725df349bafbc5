#!/usr/bin/env node
// No import cycles in the project's own TypeScript (packages/protocol, apps/server, apps/web,
// scripts, bench). A cycle means two modules cannot be understood, tested or moved apart, and a
// value cycle can hand a module `undefined` at load time depending on which side loads first. Type
// imports count too: a type-only cycle is the same knot in the design, just not yet a crash.
// Prints each cycle found (as a chain of files) and exits 1; no dependencies, runs in well under a
// second. `node scripts/check-cycles.mjs [dir…]` checks other folders (its own test uses that).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sourceRoots = [
  "packages/protocol/src",
  "apps/server/src",
  "apps/web/src",
  "apps/web/e2e",
  "scripts",
  "bench",
];
/** Bare specifiers that are our own code: the protocol package and the web app's `@/` alias. */
const aliases = [
  { prefix: "@copilot/protocol", target: "packages/protocol/src/index.ts", exact: true },
  { prefix: "@/", target: "apps/web/src/" },
];
const extensions = [".ts", ".tsx", ".mts", ".mjs", ".js"];

function listSources(dir) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (extensions.includes(path.extname(entry.name)) && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

/** Every module specifier of a file: static imports and re-exports (type-only too), `import()`. */
function specifiers(source) {
  const found = [];
  const text = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const patterns = [
    /^\s*(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']/gms,
    /^\s*import\s*["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1]);
  return found;
}

function resolveFile(base) {
  const candidates = [
    base,
    ...extensions.map((ext) => base + ext),
    ...extensions.map((ext) => path.join(base, `index${ext}`)),
  ];
  // `./x.js` written for ESM output may name `./x.ts`.
  if (/\.m?js$/.test(base))
    candidates.push(base.replace(/\.(m?)js$/, ".$1ts"), base.replace(/\.js$/, ".tsx"));
  return candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile()) ?? null;
}

function resolveSpecifier(from, specifier) {
  if (specifier.startsWith(".")) return resolveFile(path.resolve(path.dirname(from), specifier));
  for (const alias of aliases) {
    if (alias.exact ? specifier === alias.prefix : specifier.startsWith(alias.prefix)) {
      const rest = alias.exact ? "" : specifier.slice(alias.prefix.length);
      return resolveFile(path.join(root, alias.target, rest));
    }
  }
  return null; // a package: not ours
}

function findCycles(files) {
  const graph = new Map();
  for (const file of files) {
    const targets = new Set();
    for (const specifier of specifiers(fs.readFileSync(file, "utf8"))) {
      const target = resolveSpecifier(file, specifier);
      if (target && target !== file) targets.add(target);
    }
    graph.set(file, [...targets]);
  }
  // Tarjan's strongly connected components; every component of two or more files is a cycle.
  let index = 0;
  const state = new Map();
  const stack = [];
  const components = [];
  const visit = (node) => {
    state.set(node, { index, low: index, onStack: true });
    index += 1;
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!state.has(next)) {
        visit(next);
        state.get(node).low = Math.min(state.get(node).low, state.get(next).low);
      } else if (state.get(next).onStack) {
        state.get(node).low = Math.min(state.get(node).low, state.get(next).index);
      }
    }
    if (state.get(node).low === state.get(node).index) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        state.get(member).onStack = false;
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component);
    }
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  // The shortest loop through one file of each component, to show where to cut.
  return components.map((component) => {
    const members = new Set(component);
    const start = component.sort()[0];
    const cameFrom = new Map([[start, null]]);
    const queue = [start];
    let last = null;
    while (queue.length > 0 && !last) {
      const node = queue.shift();
      for (const next of graph.get(node)) {
        if (next === start) {
          last = node;
          break;
        }
        if (members.has(next) && !cameFrom.has(next)) {
          cameFrom.set(next, node);
          queue.push(next);
        }
      }
    }
    const chain = [start];
    for (let node = last; node && node !== start; node = cameFrom.get(node)) chain.splice(1, 0, node);
    return { files: component, chain: [...chain, start] };
  });
}

{
  const dirs =
    process.argv.length > 2
      ? process.argv.slice(2).map((dir) => path.resolve(dir))
      : sourceRoots.map((dir) => path.join(root, dir));
  const files = dirs.flatMap((dir) => listSources(dir));
  const cycles = findCycles(files);
  const rel = (file) => path.relative(root, file);
  for (const cycle of cycles) {
    console.log(`cycle among ${cycle.files.length} files: ${cycle.chain.map(rel).join(" → ")}`);
    if (cycle.files.length > cycle.chain.length - 1)
      console.log(
        `  (also in it: ${cycle.files
          .filter((file) => !cycle.chain.includes(file))
          .map(rel)
          .join(", ")})`,
      );
  }
  console.log(`${files.length} modules, ${cycles.length} import cycle${cycles.length === 1 ? "" : "s"}`);
  process.exit(cycles.length > 0 ? 1 : 0);
}
