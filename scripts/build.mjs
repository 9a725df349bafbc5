#!/usr/bin/env node
// Builds what is missing or stale (server bundle, web app), keyed on a hash of their sources and
// the lockfile, so a second `npm start` skips straight to serving. `--force` rebuilds everything;
// `--only=server` checks the server bundle alone.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inputsHash, targets } from "./build-inputs.mjs";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stampDir = path.join(root, ".build");

const commands = {
  server: { cwd: "apps/server", args: ["../../node_modules/tsup/dist/cli-default.js"] },
  web: { cwd: "apps/web", args: ["../../node_modules/next/dist/bin/next", "build"] },
};

function run(target) {
  const { cwd, args } = commands[target];
  const started = Date.now();
  console.log(`[build] ${target}: building…`);
  const result = spawnSync(process.execPath, args, {
    cwd: path.join(root, cwd),
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`${target} build failed (exit ${result.status ?? result.signal})`);
  console.log(`[build] ${target}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** `only`: the targets to check (default all), e.g. `["server"]` for what needs no web app. */
export function ensureBuilt({ force = false, only = Object.keys(targets) } = {}) {
  fs.mkdirSync(stampDir, { recursive: true });
  for (const target of only) {
    const stamp = path.join(stampDir, `${target}.hash`);
    const hash = inputsHash(root, target);
    const fresh =
      !force &&
      fs.existsSync(path.join(root, targets[target].output)) &&
      fs.existsSync(stamp) &&
      fs.readFileSync(stamp, "utf8") === hash;
    if (fresh) continue;
    fs.rmSync(stamp, { force: true });
    run(target);
    fs.writeFileSync(stamp, hash);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const only = process.argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length);
    ensureBuilt({ force: process.argv.includes("--force"), only: only ? only.split(",") : undefined });
  } catch (error) {
    console.error(`[build] ${error.message}`);
    process.exit(1);
  }
}
