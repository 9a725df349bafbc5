import type { LanguageModel } from "ai";
import type { Logger } from "pino";
import type { AgentsEnv } from "../agents/runs";
import type { Config } from "../config";
import type { Database } from "../db/client";
import type { JobQueue } from "../jobs/job-queue";
import type { StreamStore } from "../streams/stream-store";
import type { OperationRegistry } from "./operation-registry";

/** What operations need from the service bag, so tools, jobs and routes share one shape. */
export type OperationsEnv = AgentsEnv & {
  db: Database;
  streams: StreamStore;
  jobs: JobQueue;
  model: LanguageModel;
  /** `metadata.model` of continuation messages. */
  modelLabel: string;
  log: Logger;
  config: Config["operations"] & { maxTurnsPerUser: number };
  /** The operations this process is running now (cancel reaches them at once). */
  running: OperationRegistry;
  /** Calls an external service; `fetch` by default, replaced in tests only to count calls. */
  fetch: typeof fetch;
};
