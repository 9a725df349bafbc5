import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { percentile } from "../stats";
import type { LoadConfig, LoadResult } from "./load-config";
import { connectionsTo, cpuSeconds, memoryMiB, type RedisProbe, redisProbe } from "./probes";
import { renderReport } from "./report";
import type { Report, RunFigures, TargetName } from "./report-types";
import {
  createDatabase,
  ensureServerBuilt,
  resolveServerNode,
  root,
  startProject,
  startReference,
  type Target,
} from "./targets";

/**
 * `npm run bench:streams [-- --quick] [--runs N] [--with-1000] [--cpu-prof] [--only name,…] [--targets name,…] [--probes N] [--node 24|22|current]
 * [--node-options="<flags>"]`:
 * every scenario against every target it applies to, each run on fresh server processes, one load
 * generator process per run. Writes bench/results/<timestamp>.json and (full runs) the streaming
 * section of docs/BENCHMARKS.md. Exits 1 when any stream lost, duplicated or reordered a frame.
 */
const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    runs: { type: "string" },
    "with-1000": { type: "boolean", default: false },
    "cpu-prof": { type: "boolean", default: false },
    only: { type: "string" },
    /** Targets to run (floor, resumable, embedded, redis, redis-api), e.g. to compare two builds of the project alone. */
    targets: { type: "string" },
    /** paced-200: new turns started while the others stream (default 10), spread over the same span. */
    probes: { type: "string" },
    "no-docs": { type: "boolean", default: false },
    /** Node of the measured servers: a major from the registry, or `current`; default 24 below Node 22. */
    node: { type: "string" },
    /** NODE_OPTIONS of the project's servers (e.g. V8 heap flags), recorded in the results. */
    "node-options": { type: "string" },
    /** Re-renders docs/BENCHMARKS.md from a results file instead of running. */
    render: { type: "string" },
  },
});
const quick = flags.quick;
const runs = Number(flags.runs ?? (quick ? 1 : 3));
const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const REDIS_PORT = Number(new URL(redisUrl).port || 6379);
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const profileDir = path.join(root, "bench/results", `cpu-prof-${stamp}`);
// Every measured server runs on it, reference servers included, so ratios compare like with like.
const serverNode = flags.render ? null : resolveServerNode(flags.node);

type Scenario = {
  name: string;
  title: string;
  targets: TargetName[];
  load: Omit<LoadConfig, "kind" | "base">;
  /** Server-side model pause (OFFLINE_MODEL_DELAY_MS); the reference servers get it per request. */
  delayMs: number;
  env?: Record<string, string>;
  /** Free bytes the scenario needs in the temp folder; it is skipped with a message otherwise. */
  diskBytes?: number;
};

const all: TargetName[] = ["floor", "resumable", "embedded", "redis"];
const project: TargetName[] = ["embedded", "redis"];
const box = (full: number, small: number) => (quick ? small : full);
const MIB = 2 ** 20;
const idleTurns = box(1000, 20);
const idlePerTurn = box(10, 5);
const uploadBytes = box(1024, 64) * MIB;

function maxRate(turns: number): Scenario {
  return {
    name: `max-${turns}`,
    title: `steady max rate, ${turns} turns`,
    targets: all,
    delayMs: 0,
    load: { scenario: "max", turns: quick ? 3 : turns, delayMs: 0, timeBoxMs: box(12_000, 10_000) },
  };
}

/** `count` new turns between 2.5 s and ~9.7 s of the paced window (10: one every 800 ms). */
function probesOf(count: number) {
  return { count, afterMs: 2_500, everyMs: Math.round(8_000 / count) };
}

const catalogue: Scenario[] = [
  maxRate(50),
  ...(quick ? [] : [maxRate(200)]),
  ...(flags["with-1000"] && !quick ? [maxRate(1000)] : []),
  {
    name: "paced-200",
    title: "paced, 200 turns × 50 deltas/s, new turns started while they stream",
    targets: all,
    delayMs: 20,
    load: {
      scenario: "paced",
      turns: quick ? 4 : 200,
      delayMs: 20,
      timeBoxMs: box(11_000, 3_000),
      probes: quick ? { count: 2, afterMs: 500, everyMs: 500 } : probesOf(Number(flags.probes ?? 10)),
    },
  },
  {
    name: "storm",
    title: "reconnect storm, 200 paced turns each dropped every 0.1–1 s",
    targets: project,
    delayMs: 20,
    load: {
      scenario: "storm",
      turns: quick ? 4 : 200,
      delayMs: 20,
      timeBoxMs: box(10_000, 3_000),
      storm: { minMs: 100, maxMs: 1000 },
    },
  },
  {
    name: "resume",
    title: "resume of a 10k-frame backlog from a second process",
    targets: ["redis"],
    delayMs: 20,
    load: {
      scenario: "resume-seed",
      turns: 0,
      delayMs: 20,
      timeBoxMs: 30_000,
      resume: { redisUrl, keyPrefix: "", frames: quick ? 500 : 10_000, readers: [] },
    },
  },
  {
    name: "idle-10k",
    title: `${(idleTurns * idlePerTurn).toLocaleString("en-US")} idle SSE subscribers on one process: ${idleTurns.toLocaleString("en-US")} turns × ${idlePerTurn} attached from 0-0, one word per 5 s (${((idleTurns * idlePerTurn) / 5).toLocaleString("en-US")} frames/s)`,
    // The single-process server, and the API process of a scaled deployment whose worker
    // process runs the turns: the second is where 10k subscribers land when scaled out.
    targets: [...project, "redis-api"],
    delayMs: 5000,
    env: { WORKER_CONCURRENCY: String(2 * idleTurns), TURNS_MAX_PER_USER: "100000" },
    load: {
      scenario: "idle",
      turns: idleTurns,
      delayMs: 5000,
      timeBoxMs: box(20_000, 5_000),
      idle: { perTurn: idlePerTurn, batch: 200 },
    },
  },
  {
    name: "upload-1g",
    title: `${uploadBytes >= 2 ** 30 ? `${uploadBytes / 2 ** 30} GiB` : `${uploadBytes / MIB} MiB`} upload and download over HTTP (local store) vs \`cp\` on the same disk`,
    targets: ["embedded"],
    delayMs: 0,
    env: {
      WORKSPACE_MAX_FILE_BYTES: String(2 * uploadBytes),
      WORKSPACE_QUOTA_BYTES: String(4 * uploadBytes),
    },
    // The stored file, and the cp source and its two copies.
    diskBytes: 4 * 2 ** 30,
    load: {
      scenario: "upload",
      turns: 0,
      delayMs: 0,
      timeBoxMs: 600_000,
      upload: { bytes: uploadBytes, serverPid: 0, tmpDir: os.tmpdir() },
    },
  },
];
const scenarios = catalogue.filter(
  (scenario) => !flags.only || flags.only.split(",").includes(scenario.name),
);

const pcts = (values: number[]) =>
  values.length ? { p50: percentile(values, 50), p99: percentile(values, 99) } : null;

let redis: RedisProbe;
const references = new Map<string, string>();

type Measured = {
  result: LoadResult;
  cpu: RunFigures["cpuPercent"];
  commands: number;
  byCommand: Record<string, number>;
  rss: number;
  connections: number;
  worker?: RunFigures["worker"];
};

/**
 * Runs one load generator against `base`, sampling `serverPids` around its BEGIN…END window, and
 * a separate worker process (`workerPid`) on its own.
 */
async function drive(
  config: LoadConfig,
  serverPids: number[],
  workerPid: number | null = null,
): Promise<Measured> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(root, "bench/streams/loadgen.ts"), JSON.stringify(config)],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const pid = child.pid!;
  let begin = {
    at: 0,
    server: 0,
    worker: 0,
    redis: 0,
    loadgen: 0,
    commands: { total: 0, byCommand: {} as Record<string, number> },
  };
  let figures: Omit<Measured, "result"> | undefined;
  let rss = 0;
  let connections = 0;
  let workerRss = 0;
  let workerConnections = 0;
  let sampler: NodeJS.Timeout | undefined;
  const sample = () => {
    rss = Math.max(rss, ...serverPids.map((p) => memoryMiB(p).rss));
    connections = Math.max(
      connections,
      serverPids.reduce((sum, p) => sum + connectionsTo(p, REDIS_PORT), 0),
    );
    if (workerPid !== null) {
      workerRss = Math.max(workerRss, memoryMiB(workerPid).rss);
      workerConnections = Math.max(workerConnections, connectionsTo(workerPid, REDIS_PORT));
    }
  };
  const serverCpu = () => serverPids.reduce((sum, p) => sum + cpuSeconds(p), 0);
  let result: LoadResult | undefined;
  let pending = Promise.resolve();
  let text = "";
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (piece: string) => {
    text += piece;
    let newline = text.indexOf("\n");
    while (newline >= 0) {
      const line = text.slice(0, newline);
      text = text.slice(newline + 1);
      newline = text.indexOf("\n");
      if (line === "BEGIN") {
        pending = pending.then(async () => {
          begin = {
            at: performance.now(),
            server: serverCpu(),
            worker: workerPid === null ? 0 : cpuSeconds(workerPid),
            redis: cpuSeconds(redis.pid),
            loadgen: cpuSeconds(pid),
            commands: await redis.commands(),
          };
          sample();
          sampler = setInterval(sample, 500);
        });
      } else if (line === "END") {
        pending = pending.then(async () => {
          clearInterval(sampler);
          sample();
          const seconds = (performance.now() - begin.at) / 1000;
          const commands = await redis.commands();
          const byCommand: Record<string, number> = {};
          for (const [name, calls] of Object.entries(commands.byCommand)) {
            const delta = calls - (begin.commands.byCommand[name] ?? 0);
            if (delta > 0) byCommand[name] = delta;
          }
          const percent = (now: number, then: number) => Math.round(((now - then) / seconds) * 1000) / 10;
          figures = {
            cpu: {
              server: percent(serverCpu(), begin.server),
              redis: percent(cpuSeconds(redis.pid), begin.redis),
              loadgen: percent(cpuSeconds(pid), begin.loadgen),
            },
            // The two INFO calls of this probe are not the target's.
            commands: commands.total - begin.commands.total - 1,
            byCommand,
            rss,
            connections,
            ...(workerPid === null
              ? {}
              : {
                  worker: {
                    rssMiB: workerRss,
                    cpuPercent: percent(cpuSeconds(workerPid), begin.worker),
                    redisConnections: workerConnections,
                  },
                }),
          };
        });
      } else if (line.startsWith("RESULT ")) result = JSON.parse(line.slice(7)) as LoadResult;
      else if (line) console.log(`  [loadgen] ${line}`);
    }
  });
  const code = await new Promise<number>((resolve) => child.once("exit", (c) => resolve(c ?? 1)));
  await pending;
  if (code !== 0 || !result || !figures) throw new Error(`load generator failed (exit ${code})`);
  return { result, ...figures };
}

function figuresOf(run: number, measured: Measured, kind: TargetName): RunFigures {
  const { result } = measured;
  return {
    run,
    turns: result.turns,
    completed: result.completed,
    windowSeconds: result.windowSeconds,
    charsPerSecond: result.chars / result.windowSeconds,
    framesPerSecond: result.frames / result.windowSeconds,
    firstDelta: pcts(result.firstDeltaMs),
    probeFirstDelta: pcts(result.probeFirstDeltaMs),
    probesMissed: result.probesMissed,
    lag: result.lagMs,
    redisCommandsPerFrame:
      kind === "floor" || kind === "embedded" ? null : measured.commands / Math.max(1, result.frames),
    redisCommands: kind === "floor" || kind === "embedded" ? null : measured.byCommand,
    serverRedisConnections: kind === "floor" || kind === "embedded" ? null : measured.connections,
    cpuPercent: measured.cpu,
    serverRssMiB: measured.rss,
    ...(measured.worker ? { worker: measured.worker } : {}),
    reconnects: result.reconnects,
    reconnectFirstFrame: pcts(result.reconnectFirstFrameMs),
    ...(result.idle ? { idle: result.idle } : {}),
    ...(result.upload ? { upload: result.upload } : {}),
    errors: result.errors,
  };
}

async function startTarget(
  kind: TargetName,
  scenario: Scenario,
  extra: { keyPrefix: string; databaseUrl?: string; profile?: boolean },
) {
  if (kind === "floor" || kind === "resumable")
    return startReference(kind, { REDIS_URL: redisUrl, KEY_PREFIX: extra.keyPrefix }, serverNode!.path);
  return startProject({
    node: serverNode!.path,
    mode: kind === "embedded" ? "embedded" : "redis",
    split: kind === "redis-api",
    delayMs: scenario.delayMs,
    redisUrl,
    keyPrefix: extra.keyPrefix,
    databaseUrl: extra.databaseUrl,
    env: flags["node-options"] ? { ...scenario.env, NODE_OPTIONS: flags["node-options"] } : scenario.env,
    cpuProfDir: extra.profile ? path.join(profileDir, `${scenario.name}-${kind}`) : undefined,
  });
}

async function runOnce(scenario: Scenario, kind: TargetName, run: number): Promise<RunFigures> {
  const keyPrefix = `copilot-bench:${stamp}:${scenario.name}:${kind}:${run}:${randomBytes(3).toString("hex")}:`;
  const database = kind === "redis" || kind === "redis-api" ? await createDatabase() : undefined;
  const targets: Target[] = [];
  try {
    const profile = flags["cpu-prof"] && /^(max|paced)/.test(scenario.name) && run === 1;
    const first = await startTarget(kind, scenario, { keyPrefix, databaseUrl: database?.url, profile });
    targets.push(first);
    const refKey = kind === "floor" || kind === "resumable" ? kind : "project";
    const base: LoadConfig = {
      ...scenario.load,
      kind: refKey === "project" ? "project" : (kind as "floor" | "resumable"),
      base: first.base,
      reference: references.get(refKey),
    };
    if (scenario.load.upload) base.upload = { ...scenario.load.upload, serverPid: first.pid };
    if (scenario.load.scenario !== "resume-seed") {
      const measured = await drive(base, [first.pid], first.workerPid ?? null);
      if (measured.result.referenceText) references.set(refKey, measured.result.referenceText);
      return figuresOf(run, measured, kind);
    }
    // Resume: producer `first`, reader B (warm), then the producer dies and a fresh C reads (cold).
    const reader = await startTarget(kind, scenario, { keyPrefix, databaseUrl: database?.url });
    targets.push(reader);
    const resume = { ...scenario.load.resume!, keyPrefix, readers: [reader.base] };
    const seeded = await drive({ ...base, resume }, [first.pid, reader.pid]);
    await first.stop("SIGKILL");
    const cold = await startTarget(kind, scenario, { keyPrefix, databaseUrl: database?.url });
    targets.push(cold);
    const read = await drive(
      {
        ...base,
        scenario: "resume-read",
        resume: { ...resume, readers: [cold.base], seed: seeded.result.resume!.seed },
      },
      [cold.pid],
    );
    const figures = figuresOf(run, seeded, kind);
    const [firstReadMs, warmMs] = seeded.result.resume!.readMs as [number, number];
    const [coldMs, coldSecondMs] = read.result.resume!.readMs as [number, number];
    for (const key of Object.keys(figures.errors) as Array<keyof RunFigures["errors"]>)
      figures.errors[key] += read.result.errors[key];
    figures.resume = { firstReadMs, warmMs, coldMs, coldSecondMs, frames: read.result.resume!.frames };
    return figures;
  } finally {
    for (const target of targets) await target.stop().catch(() => {});
    await redis.deletePrefix(keyPrefix).catch(() => {});
    await database?.drop().catch((error) => console.warn(`could not drop the bench database: ${error}`));
  }
}

/** redis-benchmark's XADD rate: the physical ceiling of the shared Redis for stream appends. */
function redisBenchmark(): { pipelined: number; single: number } | null {
  const which = spawnSync("redis-benchmark", ["--version"], { encoding: "utf8" });
  if (which.status !== 0) return null;
  const key = `copilot-bench:${stamp}:xadd`;
  const rate = (pipeline: number) => {
    const out = spawnSync(
      "redis-benchmark",
      [
        "-h",
        "127.0.0.1",
        "-p",
        String(REDIS_PORT),
        "-q",
        "-c",
        "50",
        "-P",
        String(pipeline),
        "-n",
        quick ? "20000" : "300000",
        "XADD",
        key,
        "MAXLEN",
        "~",
        "100000",
        "*",
        "data",
        '{"type":"text-delta","id":"t","delta":"word "}',
      ],
      { encoding: "utf8" },
    );
    const match = /([\d.]+) requests per second/.exec(out.stdout);
    return match ? Number(match[1]) : Number.NaN;
  };
  const result = { pipelined: rate(16), single: rate(1) };
  spawnSync("redis-cli", ["-h", "127.0.0.1", "-p", String(REDIS_PORT), "DEL", key]);
  return result;
}

const MiBps = (bytes: number, seconds: number) => `${(bytes / MIB / seconds).toFixed(0)} MiB/s`;

/** One line per run on the console. */
function summary(figures: RunFigures): string {
  const { idle, upload } = figures;
  if (idle)
    return (
      `${idle.connected}/${idle.subscribers} subscribers connected (setup ${idle.setupSeconds.toFixed(1)} s), ` +
      `${idle.turnsAdvancing}/${idle.turnsStarted} turns advancing, ` +
      `${Math.round(figures.framesPerSecond)} frames/s, lag p50 ${figures.lag?.p50.toFixed(0) ?? "–"} ms, ` +
      `RSS ${figures.serverRssMiB.toFixed(0)} MiB, Redis conns ${figures.serverRedisConnections ?? "–"}, ` +
      `CPU server ${figures.cpuPercent.server} % Redis ${figures.cpuPercent.redis} %` +
      (figures.worker
        ? `; worker RSS ${figures.worker.rssMiB.toFixed(0)} MiB, Redis conns ${figures.worker.redisConnections}, CPU ${figures.worker.cpuPercent} %`
        : "") +
      (Object.keys(idle.failures).length ? `; failures ${JSON.stringify(idle.failures)}` : "")
    );
  if (upload)
    return (
      `upload ${MiBps(upload.bytes, upload.uploadSeconds)} (+${upload.uploadRssGrowthMiB.toFixed(0)} MiB RSS), ` +
      `download ${MiBps(upload.bytes, upload.downloadSeconds)} (+${upload.downloadRssGrowthMiB.toFixed(0)} MiB RSS), ` +
      `cp ${MiBps(upload.bytes, upload.cpSeconds)}, cp + sync ${MiBps(upload.bytes, upload.cpSyncSeconds)}`
    );
  return (
    `${Math.round(figures.charsPerSecond)} chars/s, ${Math.round(figures.framesPerSecond)} frames/s, ` +
    `${figures.completed}/${figures.turns} done, first delta p50 ${figures.firstDelta?.p50.toFixed(0) ?? "–"} ms` +
    (figures.probeFirstDelta ? `, new turn p50 ${figures.probeFirstDelta.p50.toFixed(0)} ms` : "") +
    (figures.resume
      ? `, resume warm ${figures.resume.warmMs.toFixed(0)} ms cold ${figures.resume.coldMs.toFixed(0)} ms`
      : "")
  );
}

async function main() {
  const started = performance.now();
  ensureServerBuilt();
  redis = await redisProbe(redisUrl);
  const cpuModel =
    /model name\s*:\s*(.*)/.exec(fs.readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? os.cpus()[0]?.model ?? "?";
  const report: Report = {
    date: new Date().toISOString(),
    quick,
    runs,
    machine: {
      nproc: os.availableParallelism(),
      cpu: cpuModel,
      node: process.version,
      serverNode: serverNode!.version,
      ...(flags["node-options"] ? { serverNodeOptions: flags["node-options"] } : {}),
      memGiB: Math.round(os.totalmem() / 2 ** 30),
      load: os.loadavg(),
    },
    wallSeconds: 0,
    scenarios: [],
    redisBenchmark: null,
  };
  let failures = 0;
  for (const scenario of scenarios) {
    const entry: Report["scenarios"][number] = { name: scenario.name, title: scenario.title, targets: [] };
    report.scenarios.push(entry);
    for (const target of scenario.targets) {
      if (!flags.targets || flags.targets.split(",").includes(target))
        entry.targets.push({ target, runs: [] });
    }
    if (scenario.diskBytes) {
      const { bavail, bsize } = fs.statfsSync(os.tmpdir());
      const free = bavail * bsize;
      if (free < scenario.diskBytes) {
        entry.skipped = `skipped: ${(free / 2 ** 30).toFixed(1)} GiB free in ${os.tmpdir()}, it needs ${(scenario.diskBytes / 2 ** 30).toFixed(0)} GiB`;
        console.warn(`${scenario.name}: ${entry.skipped}`);
        continue;
      }
    }
    // Runs interleave targets (run 1 of each, then run 2 …) so shared-machine noise spreads evenly.
    for (let run = 1; run <= runs; run++) {
      for (const slot of entry.targets) {
        const label = `${scenario.name} ${slot.target} run ${run}/${runs}`;
        try {
          const figures = await runOnce(scenario, slot.target, run);
          slot.runs.push(figures);
          const bad = Object.values(figures.errors).reduce((a, b) => a + b, 0);
          failures += bad;
          console.log(
            `${label}: ${summary(figures)}${bad ? `, ERRORS ${JSON.stringify(figures.errors)}` : ""}`,
          );
        } catch (error) {
          failures += 1;
          console.error(`${label}: failed: ${error instanceof Error ? error.stack : error}`);
        }
      }
    }
  }
  if (!flags.only || flags.only.split(",").includes("xadd")) report.redisBenchmark = redisBenchmark();
  await redis.close();
  report.wallSeconds = (performance.now() - started) / 1000;
  const results = path.join(root, "bench/results");
  fs.mkdirSync(results, { recursive: true });
  const file = path.join(results, `${quick ? "quick-" : ""}${stamp}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${path.relative(root, file)} (${report.wallSeconds.toFixed(0)} s)`);
  if (!quick && !flags["no-docs"]) {
    renderReport(report, path.join(root, "docs/BENCHMARKS.md"));
    console.log("updated docs/BENCHMARKS.md");
  }
  if (failures > 0) {
    console.error(`${failures} sequence or run errors: see above`);
    process.exit(1);
  }
  process.exit(0);
}

if (flags.render) {
  renderReport(
    JSON.parse(fs.readFileSync(flags.render, "utf8")) as Report,
    path.join(root, "docs/BENCHMARKS.md"),
  );
  console.log("updated docs/BENCHMARKS.md");
} else await main();
