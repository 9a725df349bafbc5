import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Fastify stays at the edge (docs/style.md rules 2 and 9): only routes, the http adapters and the
 * composition root may import it, so the domain can be called (and tested) without a web framework.
 */
const src = import.meta.dirname;
const allowed = [/^routes\//, /^http\//, /^(app|main|cli)\.ts$/];
const fastifyImport =
  /^\s*(?:import|export)\s[^;]*?\sfrom\s*["'](fastify|@fastify\/[^"']+|fastify-[^"']+)["']/ms;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe("the Fastify boundary", () => {
  it("no module outside routes/, http/ and the composition root imports fastify", () => {
    const files = sources(src).map((file) => path.relative(src, file));
    expect(files).toContain("app.ts");
    const offenders = files.filter((file) => {
      if (allowed.some((pattern) => pattern.test(file))) return false;
      return fastifyImport.test(
        fs.readFileSync(path.join(src, file), "utf8").replace(/\/\*[\s\S]*?\*\//g, ""),
      );
    });
    expect(offenders).toEqual([]);
  });
});
