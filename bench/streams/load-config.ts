import type { TargetKind } from "./client";

/** What the orchestrator asks of one load-generator process (passed as JSON in argv). */
export type LoadConfig = {
  kind: TargetKind;
  base: string;
  scenario: "max" | "paced" | "storm" | "resume-seed" | "resume-read" | "idle" | "upload";
  turns: number;
  /** Pause before each delta for the reference servers (the project's comes from its env). */
  delayMs: number;
  /** The measured window ends when every stream has ended or after this long. */
  timeBoxMs: number;
  /** The reference text from an earlier run; without it one stream is read alone first. */
  reference?: string;
  /** paced: new turns started one after another while the others stream. */
  probes?: { count: number; afterMs: number; everyMs: number };
  /** storm: each connection is dropped after a random pause in [minMs, maxMs] and resumed. */
  storm?: { minMs: number; maxMs: number };
  /** resume-*: the backlog appended through the project's store, and who reads it. */
  resume?: {
    redisUrl: string;
    keyPrefix: string;
    frames: number;
    readers: string[];
    /** resume-read: what resume-seed reported. */
    seed?: ResumeSeed;
  };
  /** idle: `turns` slow turns, each followed by `perTurn` extra subscribers attached from `0-0`, held for `timeBoxMs`. */
  idle?: { perTurn: number; batch: number };
  /** upload: one multipart upload of `bytes` and its download; the server's RSS sampled by pid. */
  upload?: { bytes: number; serverPid: number; tmpDir: string };
};

export type ResumeSeed = { taskId: string; endId: string; headers: Record<string, string> };

/** What one load-generator process reports (last stdout line, `RESULT <json>`). */
export type LoadResult = {
  turns: number;
  completed: number;
  windowSeconds: number;
  chars: number;
  frames: number;
  referenceChars: number;
  referenceFrames: number;
  referenceText?: string;
  firstDeltaMs: number[];
  lagMs: { p50: number; p99: number; samples: number } | null;
  probeFirstDeltaMs: number[];
  probesMissed: number;
  reconnects: number;
  reconnectFirstFrameMs: number[];
  errors: { loss: number; duplicate: number; order: number; text: number; protocol: number; http: number };
  resume?: { readMs: number[]; frames: number; seed?: ResumeSeed };
  idle?: IdleResult;
  upload?: UploadResult;
};

export type IdleResult = {
  /** Subscribers asked for (turns × perTurn) and those whose connection was open at END. */
  subscribers: number;
  connected: number;
  /** Turns whose POST delivered a task id (the others count as http errors). */
  turnsStarted: number;
  /** Turns whose own stream received a frame during the window (a word is due every 5 s). */
  turnsAdvancing: number;
  /** Failed connects and early ends by cause (each also counts in errors.http). */
  failures: Record<string, number>;
  /** Seconds spent starting the turns and attaching every subscriber (before BEGIN). */
  setupSeconds: number;
};

export type UploadResult = {
  bytes: number;
  uploadSeconds: number;
  downloadSeconds: number;
  /** The same bytes written to a temp file, then `cp` of it on the same disk. */
  cpSeconds: number;
  /** `cp` followed by `sync --data` of the copy (the local store syncs what it stores). */
  cpSyncSeconds: number;
  /** Server VmRSS before the upload, and its peak growth over that during each transfer (MiB). */
  restingRssMiB: number;
  uploadRssGrowthMiB: number;
  downloadRssGrowthMiB: number;
};
