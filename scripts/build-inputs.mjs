import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * What each build depends on. A build is stale when the hash of its inputs (file paths and
 * contents, plus the lockfile) differs from the one stamped after its last success.
 */
const SKIP = new Set(["node_modules", ".next", "dist", "storybook-static", "e2e", ".build", "test-results"]);

export const targets = {
  server: {
    inputs: [
      "package-lock.json",
      "tsconfig.base.json",
      "packages/protocol/src",
      "apps/server/src",
      "apps/server/package.json",
      "apps/server/tsup.config.ts",
    ],
    output: "apps/server/dist/cli.js",
  },
  web: {
    inputs: [
      "package-lock.json",
      "tsconfig.base.json",
      "packages/protocol/src",
      "apps/web/src",
      "apps/web/public",
      "apps/web/package.json",
      "apps/web/next.config.ts",
      "apps/web/postcss.config.mjs",
      "apps/web/tsconfig.json",
    ],
    output: "apps/web/.next/BUILD_ID",
  },
};

function walk(root, absolute, files) {
  let stat;
  try {
    stat = fs.statSync(absolute);
  } catch {
    return; // optional input (e.g. public/) that does not exist
  }
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(absolute).sort()) {
      if (SKIP.has(name) || name.endsWith(".test.ts") || name.endsWith(".stories.tsx")) continue;
      walk(root, path.join(absolute, name), files);
    }
  } else if (stat.isFile()) {
    files.push(path.relative(root, absolute));
  }
}

export function inputsHash(root, target) {
  const files = [];
  for (const input of targets[target].inputs) walk(root, path.join(root, input), files);
  const hash = createHash("sha256");
  for (const file of files)
    hash
      .update(file)
      .update("\0")
      .update(fs.readFileSync(path.join(root, file)))
      .update("\0");
  return hash.digest("hex");
}
