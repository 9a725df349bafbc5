import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * One runner for every suite. Server files named `*.modes.test.ts` run twice: on the embedded
 * backends (PGlite, in-process streams) and on the scaled ones (PostgreSQL, Redis). End-to-end
 * files drive Debian's Chromium against the production build, once per mode.
 */
const serverModes = ["embedded", "scaled"] as const;
const e2eModes = ["embedded", "redis"] as const;
// `expect.poll` gives up after 1 s by default: under two cores shared with every other suite a
// page or a worker can take longer than that to get there, and the test then fails for no bug.
const poll = { timeout: 15_000, interval: 50 };

export default defineConfig({
  test: {
    reporters: ["default", "./scripts/summary-reporter.ts"],
    // vitest's default on a 2-core machine is one worker, which runs every file in a row. Most of
    // the wall time is spent waiting (paced answers, browsers, services), so two files at a time
    // halves it; every file owns its port, DATA_DIR, database and key prefix, so none can collide.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: "protocol",
          include: ["packages/protocol/src/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "server",
          include: ["apps/server/src/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.modes.test.ts", "**/*.cluster.test.ts", "**/node_modules/**"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
          expect: { poll },
        },
      },
      ...serverModes.map((mode) => ({
        test: {
          name: `server:${mode}`,
          include: ["apps/server/src/**/*.modes.test.ts"],
          environment: "node",
          env: { COPILOT_TEST_MODE: mode },
          testTimeout: 30_000,
          hookTimeout: 60_000,
          expect: { poll },
        },
      })),
      {
        // Real multi-process deployments (API and worker processes as children, a private Redis):
        // slow, and about processes rather than the language runtime, so not repeated on Node 24.
        test: {
          name: "server:cluster",
          include: ["apps/server/src/**/*.cluster.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The web app's `@/` imports (apps/web/tsconfig.json), for components tested with React.
        resolve: { alias: { "@": fileURLToPath(new URL("./apps/web/src", import.meta.url)) } },
        test: {
          name: "web",
          include: ["apps/web/src/**/*.test.ts", "apps/web/src/**/*.test.tsx"],
          environment: "node",
        },
      },
      ...e2eModes.map((mode) => ({
        test: {
          name: `e2e:${mode}`,
          include: ["apps/web/e2e/**/*.e2e.ts"],
          environment: "node",
          env: { E2E_MODE: mode },
          globalSetup: ["apps/web/e2e/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          expect: { poll },
          // A browser test shares two cores with every other suite; one retry keeps a wait that
          // lost a race under that load from failing the run, and `npm test` lists each such test
          // (scripts/summary-reporter.ts) so it is fixed, not hidden. A real failure fails twice.
          retry: 1,
        },
      })),
    ],
  },
});
