import fs from "node:fs";
import path from "node:path";
import type { Reporter, TestModule } from "vitest/node";

/**
 * Writes per-project pass/fail/skip counts to `$COPILOT_TEST_SUMMARY` (JSON) so `npm test` can
 * print per-backend totals and the closing `N passed, N failed` line; beside it
 * `<name>-failures.json`: every failed test's project, file, name, first error line and the line of
 * the test file it came from, which `npm test` prints next to the summary so a flake is named in
 * the last lines CI keeps; `<name>-flaky.json`: the same for tests that passed only on a retry; and
 * `<name>-durations.json`: every test file's time (tests and hooks), slowest first, so where CI time
 * goes can be read from the last run instead of guessed.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const target = process.env.COPILOT_TEST_SUMMARY;
    if (!target) return;
    const projects: Record<string, { passed: number; failed: number; skipped: number }> = {};
    const durations: Array<{ project: string; file: string; seconds: number }> = [];
    const failures: Array<{ project: string; file: string; test: string; error: string }> = [];
    const flaky: Array<{ project: string; file: string; test: string; error: string }> = [];
    for (const module of testModules) {
      const name = module.project.name || "default";
      projects[name] ??= { passed: 0, failed: 0, skipped: 0 };
      const counts = projects[name];
      const file = path.relative(process.cwd(), module.moduleId);
      durations.push({
        project: name,
        file,
        seconds: Math.round(module.diagnostic().duration / 100) / 10,
      });
      let tests = 0;
      for (const test of module.children.allTests()) {
        tests += 1;
        const state = test.result().state;
        if (state === "passed") {
          counts.passed += 1;
          // Passed only on a retry (the e2e projects allow one): named, never silently green.
          if (test.diagnostic()?.flaky)
            flaky.push({
              project: name,
              file,
              test: test.fullName,
              error: firstLine(test.result().errors, module.moduleId),
            });
        } else if (state === "failed") {
          counts.failed += 1;
          failures.push({
            project: name,
            file,
            test: test.fullName,
            error: firstLine(test.result().errors, module.moduleId),
          });
        } else counts.skipped += 1;
      }
      // A file that failed to load (syntax error, failing top-level await) has no tests: count it.
      if (tests === 0 && module.state() === "failed") {
        counts.failed += 1;
        failures.push({ project: name, file, test: "(file)", error: firstLine(module.errors()) });
      }
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, JSON.stringify(projects, null, 2));
    durations.sort((a, b) => b.seconds - a.seconds);
    fs.writeFileSync(target.replace(/(\.json)?$/, "-durations.json"), JSON.stringify(durations, null, 2));
    fs.writeFileSync(target.replace(/(\.json)?$/, "-failures.json"), JSON.stringify(failures, null, 2));
    fs.writeFileSync(target.replace(/(\.json)?$/, "-flaky.json"), JSON.stringify(flaky, null, 2));
  }
}

type ReportedError = { message?: string; stacks?: ReadonlyArray<{ file: string; line: number }> };

/**
 * The first error's first line, and where in the test file it was thrown: a timed-out wait names
 * no locator, so the line is what tells which step of a test a flake stopped at.
 */
function firstLine(errors: ReadonlyArray<ReportedError> | undefined, moduleId?: string): string {
  const message = (errors?.[0]?.message ?? "").split("\n", 1)[0].slice(0, 200);
  // Innermost first; two frames tell a shared helper's line and which call of it.
  const lines = (errors?.[0]?.stacks ?? [])
    .filter((stack) => stack.file === moduleId)
    .map((stack) => stack.line);
  if (!moduleId || lines.length === 0) return message;
  return `${message} (at ${path.basename(moduleId)}:${lines.slice(0, 2).join(" ← ")})`;
}
