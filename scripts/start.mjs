#!/usr/bin/env node
// `npm start`: build what is stale, then serve the web app and the API on one port.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ensureBuilt, root } from "./build.mjs";

try {
  ensureBuilt();
} catch (error) {
  console.error(`[start] ${error.message}`);
  process.exit(1);
}
const cli = path.join(root, "apps/server/dist/cli.js");
// The CLI reads its command from argv; run it in this process so signals reach it directly.
process.argv = [process.argv[0], cli, "serve", ...process.argv.slice(2)];
await import(pathToFileURL(cli).href);
