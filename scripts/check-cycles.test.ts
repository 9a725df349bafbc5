import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const script = path.join(import.meta.dirname, "check-cycles.mjs");
/** The script prints paths relative to the repository root. */
const root = path.resolve(import.meta.dirname, "..");
const dirs: string[] = [];

/** A throwaway source tree: file name → contents. */
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cycles-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const check = (dir: string) => spawnSync(process.execPath, [script, dir], { encoding: "utf8" });

describe("scripts/check-cycles.mjs", () => {
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("finds a loop through a type-only import and an index file, and fails", () => {
    const dir = tree({
      "a.ts": 'import { b } from "./b";\nexport const a = b + 1;\n',
      "b.ts": 'import type { C } from "./c";\nexport const b = 1 as C;\n',
      "c/index.ts": 'export type { A } from "../a";\nexport type C = number;\n',
      "d.ts": 'import { a } from "./a";\nexport const d = a;\n',
    });
    const result = check(dir);
    expect(result.status).toBe(1);
    const shown = (name: string) => path.relative(root, path.join(dir, name));
    const loop = ["a.ts", "b.ts", "c/index.ts", "a.ts"].map(shown).join(" → ");
    expect(result.stdout).toContain(`cycle among 3 files: ${loop}`);
    expect(result.stdout).toContain("1 import cycle");
  });

  it("passes a tree without cycles (dynamic imports followed, comments ignored)", () => {
    const dir = tree({
      "a.ts": 'import { b } from "./b";\nexport const a = b;\n',
      "b.ts": 'export const b = await import("./c").then((c) => c.c);\n',
      "c.ts": '// import { a } from "./a"; (a comment, not an import)\nexport const c = 1;\n',
    });
    const result = check(dir);
    expect(result.stdout).toContain("3 modules, 0 import cycles");
    expect(result.status).toBe(0);
  });
});
