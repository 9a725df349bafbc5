// `npm run generate:api`: writes docs/openapi.json and apps/web/src/lib/api/schema.ts from the
// server's zod route schemas. `--check` exits non-zero when either file is stale (CI).
import fs from "node:fs/promises";
import { artifactPaths, renderApiArtifacts } from "./api-artifacts";

const check = process.argv.includes("--check");
const rendered = await renderApiArtifacts();
let stale = false;
for (const key of ["openapi", "schema"] as const) {
  const current = await fs.readFile(artifactPaths[key], "utf8").catch(() => "");
  if (current === rendered[key]) continue;
  stale = true;
  if (!check) await fs.writeFile(artifactPaths[key], rendered[key]);
  console.log(`${check ? "stale" : "wrote"}: ${artifactPaths[key]}`);
}
if (check && stale) {
  console.error("API artifacts are stale: run `npm run generate:api` and commit the result");
  process.exit(1);
}
process.exit(0);
