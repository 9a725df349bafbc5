import type { IdleResult, LoadResult, UploadResult } from "./load-config";

/** What a bench run measures and reports (shared by the runner and the report renderer). */
export type TargetName = "floor" | "resumable" | "embedded" | "redis" | "redis-api";

export type RunFigures = {
  run: number;
  turns: number;
  completed: number;
  windowSeconds: number;
  charsPerSecond: number;
  framesPerSecond: number;
  firstDelta: { p50: number; p99: number } | null;
  probeFirstDelta: { p50: number; p99: number } | null;
  /** paced: new turns that got no delta before the window closed (a figure, not an error). */
  probesMissed?: number;
  lag: { p50: number; p99: number } | null;
  redisCommandsPerFrame: number | null;
  redisCommands: Record<string, number> | null;
  serverRedisConnections: number | null;
  cpuPercent: { server: number; redis: number; loadgen: number };
  serverRssMiB: number;
  /** redis-api: the worker process beside the measured API process (peak RSS, CPU % of a core). */
  worker?: { rssMiB: number; cpuPercent: number; redisConnections: number };
  reconnects: number;
  reconnectFirstFrame: { p50: number; p99: number } | null;
  resume?: { firstReadMs: number; warmMs: number; coldMs: number; coldSecondMs: number; frames: number };
  idle?: IdleResult;
  upload?: UploadResult;
  errors: LoadResult["errors"];
};

export type Report = {
  date: string;
  quick: boolean;
  runs: number;
  machine: {
    nproc: number;
    cpu: string;
    /** The load generator's Node. */
    node: string;
    /** The measured servers' Node (absent before 2026-12-07: the load generator's, then 20). */
    serverNode?: string;
    /** NODE_OPTIONS the project's servers ran with (`--node-options`). */
    serverNodeOptions?: string;
    memGiB: number;
    load: number[];
  };
  wallSeconds: number;
  scenarios: Array<{
    name: string;
    title: string;
    /** Why the scenario did not run (e.g. not enough free disk). */
    skipped?: string;
    targets: Array<{ target: TargetName; runs: RunFigures[] }>;
  }>;
  redisBenchmark: { pipelined: number; single: number } | null;
};
