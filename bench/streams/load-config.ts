import type { TargetKind } from "./client";

/** What the orchestrator asks of one load-generator process (passed as JSON in argv). */
export type LoadConfig = {
  kind: TargetKind;
  base: string;
  scenario: "max" | "paced" | "storm" | "resume-seed" | "resume-read";
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
};
