import fs from "node:fs";
import type { Report, RunFigures } from "./report-types";

/**
 * Renders a full run into the streaming section of docs/BENCHMARKS.md (between the markers, so
 * `npm run bench` and this harness each keep the other's part). Cells are the median of the runs
 * with min–max.
 */
export const BEGIN_MARK = "<!-- bench:streams begin -->";
export const END_MARK = "<!-- bench:streams end -->";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

const fmt = (value: number) =>
  !Number.isFinite(value)
    ? "–"
    : value >= 100
      ? Math.round(value).toLocaleString("en-US")
      : value >= 10
        ? value.toFixed(1)
        : value.toFixed(2);

function cell(runs: RunFigures[], pick: (run: RunFigures) => number | null | undefined, unit = ""): string {
  const values = runs
    .map(pick)
    .filter((value): value is number => typeof value === "number" && Number.isFinite(value));
  if (values.length === 0) return "–";
  const mid = `${fmt(median(values))}${unit}`;
  return values.length === 1 ? mid : `${mid} (${fmt(Math.min(...values))}–${fmt(Math.max(...values))})`;
}

const labels = {
  floor: "bare SSE floor",
  resumable: "`resumable-stream` (Redis)",
  embedded: "project, embedded",
  redis: "project, Redis",
  "redis-api": "project, Redis: API process (`serve --no-worker`; the turns on a `copilot worker`)",
};

type Slot = Report["scenarios"][number]["targets"][number];

const errorsCell = (runs: RunFigures[]) =>
  `${runs.reduce((sum, { errors: e }) => sum + e.loss + e.duplicate + e.order + e.text + e.protocol, 0)} / ${runs.reduce((sum, run) => sum + run.errors.http, 0)}`;

function rows(header: string[], targets: Slot[], row: (runs: RunFigures[]) => string[]): string[] {
  const out = [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`];
  for (const { target, runs } of targets)
    out.push(
      runs.length === 0
        ? `| ${labels[target]} | failed |`
        : `| ${[labels[target], ...row(runs)].join(" | ")} |`,
    );
  return out;
}

/** idle-10k: what holding many quiet subscribers costs; frames/s is every connection's, the turns' own included. */
function idleTable(targets: Slot[]): string[] {
  const causes = targets.flatMap(({ target, runs }) =>
    runs.flatMap((run) =>
      Object.entries(run.idle?.failures ?? {}).map(
        ([why, count]) => `- ${labels[target]}, run ${run.run}: ${count} × ${why}`,
      ),
    ),
  );
  return [
    ...idleRows(targets),
    ...(causes.length ? ["", "Failed connects and early ends:", "", ...causes] : []),
  ];
}

function idleRows(targets: Slot[]): string[] {
  return rows(
    [
      "target",
      "subscribers connected",
      "turns advancing in the window",
      "setup (s)",
      "frames/s delivered (subscribers and the turns' own streams)",
      "produce→receive p50 / p99 (ms)",
      "server RSS MiB",
      "server Redis conns",
      "CPU % server / Redis / loadgen",
      "worker process: RSS MiB / Redis conns / CPU %",
      "errors",
    ],
    targets,
    (runs) => [
      `${cell(runs, (r) => r.idle?.connected)} / ${runs[0]!.idle?.subscribers.toLocaleString("en-US") ?? "–"}`,
      `${cell(runs, (r) => r.idle?.turnsAdvancing)} / ${runs[0]!.turns.toLocaleString("en-US")}`,
      cell(runs, (r) => r.idle?.setupSeconds),
      cell(runs, (r) => r.framesPerSecond),
      `${cell(runs, (r) => r.lag?.p50)} / ${cell(runs, (r) => r.lag?.p99)}`,
      cell(runs, (r) => r.serverRssMiB),
      cell(runs, (r) => r.serverRedisConnections),
      `${cell(runs, (r) => r.cpuPercent.server)} / ${cell(runs, (r) => r.cpuPercent.redis)} / ${cell(runs, (r) => r.cpuPercent.loadgen)}`,
      runs[0]!.worker
        ? `${cell(runs, (r) => r.worker?.rssMiB)} / ${cell(runs, (r) => r.worker?.redisConnections)} / ${cell(runs, (r) => r.worker?.cpuPercent)}`
        : "in the server",
      errorsCell(runs),
    ],
  );
}

const MIB = 2 ** 20;
const rate = (upload: RunFigures["upload"], seconds: number | undefined) =>
  upload && seconds ? upload.bytes / MIB / seconds : undefined;

/** upload-1g: the server's transfer rates next to `cp`, and how far its RSS grew while streaming. */
function uploadTable(targets: Slot[]): string[] {
  return rows(
    [
      "target",
      "upload MiB/s",
      "download MiB/s",
      "`cp` MiB/s",
      "`cp` + `sync` MiB/s",
      "server RSS before (MiB)",
      "peak RSS growth upload / download (MiB)",
      "CPU % server (whole transfer)",
      "errors",
    ],
    targets,
    (runs) => [
      cell(runs, (r) => rate(r.upload, r.upload?.uploadSeconds)),
      cell(runs, (r) => rate(r.upload, r.upload?.downloadSeconds)),
      cell(runs, (r) => rate(r.upload, r.upload?.cpSeconds)),
      cell(runs, (r) => rate(r.upload, r.upload?.cpSyncSeconds)),
      cell(runs, (r) => r.upload?.restingRssMiB),
      `${cell(runs, (r) => r.upload?.uploadRssGrowthMiB)} / ${cell(runs, (r) => r.upload?.downloadRssGrowthMiB)}`,
      cell(runs, (r) => r.cpuPercent.server),
      errorsCell(runs),
    ],
  );
}

export function renderTables(report: Report): string {
  const { machine } = report;
  const out: string[] = [
    `Run of ${report.date.slice(0, 16).replace("T", " ")} UTC: ${report.runs} runs per cell (median, min–max in brackets), ` +
      `${Math.round(report.wallSeconds / 60)} min wall time. Machine: \`nproc\` ${machine.nproc}, ${machine.cpu}, ` +
      `${machine.memGiB} GiB RAM, servers on Node ${machine.serverNode ?? machine.node}${machine.serverNodeOptions ? ` with \`${machine.serverNodeOptions}\`` : ""} (load generator ${machine.node}); load average at the start ${machine.load.map((l) => l.toFixed(1)).join(" / ")} ` +
      "(the machine was shared with other work, so figures carry that noise).\n",
  ];
  for (const scenario of report.scenarios) {
    out.push(`### ${scenario.title}\n`);
    if (scenario.skipped) {
      out.push(`${scenario.skipped}\n`);
      continue;
    }
    if (scenario.name === "idle-10k" || scenario.name === "upload-1g") {
      out.push(
        ...(scenario.name === "idle-10k" ? idleTable(scenario.targets) : uploadTable(scenario.targets)),
        "",
      );
      continue;
    }
    const header =
      scenario.name === "resume"
        ? [
            "target",
            "10k backlog, first read by B (producer alive)",
            "warm (B again)",
            "cold: producer killed, fresh C",
            "C again",
            "frames read",
            "errors",
          ]
        : [
            "target",
            "chars/s",
            "frames/s",
            "done",
            "first delta p50 / p99 (ms)",
            scenario.name.startsWith("paced")
              ? "new turn first delta p50 / p99 (ms)"
              : scenario.name === "storm"
                ? "reconnects · re-attach → first frame p50 / p99 (ms)"
                : "produce→receive p50 / p99 (ms)",
            "Redis cmds/frame",
            "server Redis conns",
            "CPU % server / Redis / loadgen",
            "server RSS MiB",
            "errors",
          ];
    out.push(`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`);
    for (const { target, runs } of scenario.targets) {
      if (runs.length === 0) {
        out.push(`| ${labels[target]} | failed |`);
        continue;
      }
      const sequence = runs.reduce(
        (sum, { errors: e }) => sum + e.loss + e.duplicate + e.order + e.text + e.protocol,
        0,
      );
      const failedRequests = runs.reduce((sum, run) => sum + run.errors.http, 0);
      const missed = runs.reduce((sum, run) => sum + (run.probesMissed ?? 0), 0);
      const errors = `${sequence} / ${failedRequests}`;
      if (scenario.name === "resume") {
        out.push(
          `| ${[labels[target], cell(runs, (r) => r.resume?.firstReadMs, " ms"), cell(runs, (r) => r.resume?.warmMs, " ms"), cell(runs, (r) => r.resume?.coldMs, " ms"), cell(runs, (r) => r.resume?.coldSecondMs, " ms"), cell(runs, (r) => r.resume?.frames), errors].join(" | ")} |`,
        );
        continue;
      }
      const sixth = scenario.name.startsWith("paced")
        ? runs.some((r) => r.probeFirstDelta)
          ? `${cell(runs, (r) => r.probeFirstDelta?.p50)} / ${cell(runs, (r) => r.probeFirstDelta?.p99)}${missed ? ` (${missed} without a delta in the window)` : ""}`
          : `no delta before the window closed (${runs.length} runs)`
        : scenario.name === "storm"
          ? `${cell(runs, (r) => r.reconnects)} · ${cell(runs, (r) => r.reconnectFirstFrame?.p50)} / ${cell(runs, (r) => r.reconnectFirstFrame?.p99)}`
          : `${cell(runs, (r) => r.lag?.p50)} / ${cell(runs, (r) => r.lag?.p99)}`;
      out.push(
        `| ${[
          labels[target],
          cell(runs, (r) => r.charsPerSecond),
          cell(runs, (r) => r.framesPerSecond),
          `${median(runs.map((r) => r.completed))}/${runs[0]!.turns}`,
          `${cell(runs, (r) => r.firstDelta?.p50)} / ${cell(runs, (r) => r.firstDelta?.p99)}`,
          sixth,
          cell(runs, (r) => r.redisCommandsPerFrame),
          cell(runs, (r) => r.serverRedisConnections),
          `${cell(runs, (r) => r.cpuPercent.server)} / ${cell(runs, (r) => r.cpuPercent.redis)} / ${cell(runs, (r) => r.cpuPercent.loadgen)}`,
          cell(runs, (r) => r.serverRssMiB),
          String(errors),
        ].join(" | ")} |`,
      );
    }
    out.push("");
  }
  if (report.redisBenchmark)
    out.push(
      `\`redis-benchmark\` XADD on the same Redis (50 clients): ${fmt(report.redisBenchmark.pipelined)} appends/s pipelined 16 deep, ${fmt(report.redisBenchmark.single)} appends/s unpipelined.\n`,
    );
  return out.join("\n");
}

/** Replaces the marked section of `file` with the rendered tables (appends it when absent). */
export function renderReport(report: Report, file: string, preamble = ""): void {
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n";
  const section = `${BEGIN_MARK}\n${preamble}${renderTables(report)}\n${END_MARK}`;
  const start = current.indexOf(BEGIN_MARK);
  const end = current.indexOf(END_MARK);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + END_MARK.length)
      : `${current.trimEnd()}\n\n## Durable streaming, side by side (\`npm run bench:streams\`)\n\n${section}\n`;
  fs.writeFileSync(file, next);
}
