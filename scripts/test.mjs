#!/usr/bin/env node
// `npm test`: every check the project has, in order — lint, types, import cycles, generated-artifact
// freshness (a vitest test), the production build, all vitest projects (unit, both server modes,
// the multi-process cluster, e2e in Chromium), Storybook's build, the quick streaming bench, then
// the unit and server suites again on Node 24. Prints
// per-suite counts and one closing line `N passed, N failed[, N skipped]`; exits non-zero on any
// failure.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const results = path.join(root, "test-results");
const vitestSummary = path.join(results, "vitest-summary.json");
fs.mkdirSync(results, { recursive: true });
for (const name of ["vitest-summary", "node24-summary"]) {
  for (const suffix of [".json", "-failures.json", "-flaky.json"])
    fs.rmSync(path.join(results, name + suffix), { force: true });
}

const bin = (name) => path.join(root, "node_modules", ".bin", name);
const suites = {}; // name → { passed, failed, skipped }

function step(name, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n━━ ${name}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  const ok = result.status === 0;
  console.log(`━━ ${name}: ${ok ? "ok" : "FAILED"} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok;
}

function check(name, command, args, env) {
  const ok = step(name, command, args, env);
  suites.checks ??= { passed: 0, failed: 0, skipped: 0 };
  suites.checks[ok ? "passed" : "failed"] += 1;
  return ok;
}

check("lint (biome)", bin("biome"), ["ci", "."]);
check("types: protocol", bin("tsc"), ["-p", "packages/protocol"]);
check("types: server", bin("tsc"), ["-p", "apps/server"]);
check("types: web", bin("tsc"), ["-p", "apps/web"]);
check("types: scripts and bench", bin("tsc"), ["-p", "tsconfig.tools.json"]);
check("import cycles", process.execPath, ["scripts/check-cycles.mjs"]);
check("build (server + web)", process.execPath, ["scripts/build.mjs"]);

// The e2e projects rebuild (and fail, counted) by themselves when the build above failed.
const vitestOk = step("vitest (all projects)", bin("vitest"), ["run"], {
  COPILOT_TEST_SUMMARY: vitestSummary,
});
if (fs.existsSync(vitestSummary)) {
  Object.assign(suites, JSON.parse(fs.readFileSync(vitestSummary, "utf8")));
} else {
  suites.vitest = { passed: 0, failed: 1, skipped: 0 };
}
if (!vitestOk && Object.values(suites).every((counts) => counts.failed === 0)) {
  // vitest failed outside any test (e.g. an unhandled error): never report that as green.
  suites.vitest = { passed: 0, failed: 1, skipped: 0 };
}
check("storybook build", "npm", ["run", "build-storybook", "--silent", "-w", "apps/web"]);
// The streaming bench in miniature (~90 s): every scenario once, failing on any lost, repeated or
// reordered frame, so the harness never rots (docs/BENCHMARKS.md has the full figures).
check("bench:streams --quick", "npm", ["run", "bench:streams", "--silent", "--", "--quick"]);

/**
 * The other supported LTS line: the unit and server suites once more on Node 24 (the registry's
 * `node@24` package, so no system install), counted as `node24:<project>` suites. Skipped when the
 * machine's Node already is 24. The browser suites are not repeated: they test the build and the
 * browser, and the server under them is the one the server suites just covered.
 */
// server:cluster (multi-process fault tests) runs once, on the machine's Node: it is about processes
// and Redis faults rather than the runtime, and it is the slowest suite.
const node24Projects = ["protocol", "server", "server:embedded", "server:scaled", "web"];
if (process.versions.node.split(".")[0] !== "24") {
  const node24Summary = path.join(results, "node24-summary.json");
  const args = [
    "-y",
    "node@24",
    bin("vitest"),
    "run",
    ...node24Projects.flatMap((name) => ["--project", name]),
  ];
  const ok = step("vitest on Node 24 (unit + server suites)", "npx", args, {
    COPILOT_TEST_SUMMARY: node24Summary,
  });
  const counts = fs.existsSync(node24Summary) ? JSON.parse(fs.readFileSync(node24Summary, "utf8")) : {};
  for (const [name, projectCounts] of Object.entries(counts)) suites[`node24:${name}`] = projectCounts;
  const failedInside = Object.values(counts).some((projectCounts) => projectCounts.failed > 0);
  // No summary (node@24 could not be fetched) or a failure outside any test: never green.
  if (!ok && !failedInside) suites["node24:vitest"] = { passed: 0, failed: 1, skipped: 0 };
}

// Failed tests by name, right above the summary: CI keeps only the last lines of the log. Tests
// that passed only on their retry (the e2e projects allow one) are named too, with the error of the
// attempt that failed, so a flake is seen and fixed rather than absorbed.
function listed(kind) {
  return [vitestSummary, path.join(results, "node24-summary.json")].flatMap((summary) => {
    const file = summary.replace(/\.json$/, `-${kind}.json`);
    const prefix = summary.includes("node24") ? "node24:" : "";
    if (!fs.existsSync(file)) return [];
    return JSON.parse(fs.readFileSync(file, "utf8")).map((entry) => ({
      ...entry,
      project: prefix + entry.project,
    }));
  });
}
for (const [kind, title] of [
  ["flaky", "passed on retry (flaky: fix these)"],
  ["failures", "failed tests"],
]) {
  const entries = listed(kind);
  if (entries.length === 0) continue;
  console.log(`\n━━ ${title}`);
  for (const { project, file, test, error } of entries)
    console.log(`  ${project} ${file} › ${test}\n    ${error}`);
}

const total = { passed: 0, failed: 0, skipped: 0 };
console.log("\n━━ summary");
for (const [name, counts] of Object.entries(suites).sort(([a], [b]) => a.localeCompare(b))) {
  for (const key of Object.keys(total)) total[key] += counts[key];
  console.log(
    `  ${name.padEnd(24)} ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}`,
  );
}
fs.writeFileSync(path.join(results, "summary.json"), JSON.stringify({ suites, total }, null, 2));
console.log(
  `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`,
);
process.exit(total.failed > 0 ? 1 : 0);
