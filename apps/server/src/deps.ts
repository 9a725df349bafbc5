import { randomUUID } from "node:crypto";
import type { Readiness } from "@copilot/protocol";
import type { LanguageModel } from "ai";
import type { Redis } from "ioredis";
import pino, { type Logger } from "pino";
import { handleAgentRunJob } from "./agents/run-job";
import { createRunRegistry, type RunRegistry } from "./agents/run-registry";
import type { AttemptLimiter } from "./auth/attempt-limiter";
import { createMemoryAttemptLimiter } from "./auth/memory-attempt-limiter";
import { createRedisAttemptLimiter } from "./auth/redis-attempt-limiter";
import { agentBlocks, chatBlocks } from "./blocks/library/catalog";
import { type BlockRegistry, createBlockRegistry } from "./blocks/registry";
import { blockTools } from "./blocks/run-block-tool";
import { createCheckpointQueue } from "./chat/checkpoint-queue";
import { createLanguageModel, modelLabel } from "./chat/model";
import { type ProducerLiveness, startProducerLiveness } from "./chat/producer-liveness";
import { handleSessionTitle } from "./chat/session-title";
import { combineTools, type ToolFactory } from "./chat/tools";
import { handleTurnJob, type TurnJobDeps } from "./chat/turn-job";
import { createTurnRegistry, type TurnRegistry } from "./chat/turn-registry";
import type { Config } from "./config";
import { type Database, type DatabaseHandle, openDatabase } from "./db/client";
import { migrate } from "./db/migrate";
import { describeError, ensureWritableDirectory } from "./fs-errors";
import { createLifecycle, type Lifecycle } from "./http/lifecycle";
import { createJobQueue } from "./jobs/create-job-queue";
import type { JobQueue, JobWorker } from "./jobs/job-queue";
import { handleOperationComplete } from "./operations/complete-operation";
import type { OperationsEnv } from "./operations/operation-env";
import { handleOperationRun } from "./operations/operation-job";
import { createOperationRegistry } from "./operations/operation-registry";
import { operationTools } from "./operations/operation-tools";
import { createRedis, waitForRedis } from "./redis/connection";
import { createStreamStore } from "./streams/create-stream-store";
import type { StreamStore } from "./streams/stream-store";
import { createFileStore } from "./workspace/stores/create-file-store";
import type { FileStore } from "./workspace/stores/file-store";
import { workspaceTools } from "./workspace/tools";
import { createWorkspaceFiles, type WorkspaceFiles } from "./workspace/workspace-files";

/**
 * The service bag built once by the composition root and passed down. Nothing else opens
 * connections or reads the environment.
 */
export type Deps = {
  config: Config;
  log: Logger;
  database: DatabaseHandle;
  db: Database;
  redis: Redis | null;
  loginLimiter: AttemptLimiter;
  lifecycle: Lifecycle;
  streams: StreamStore;
  /** The workspace facade: the only door to users' files (REST, tools, blocks). */
  files: WorkspaceFiles;
  model: LanguageModel;
  /** `metadata.model` of the messages this process writes. */
  modelLabel: string;
  tools: ToolFactory;
  /** The turns this process's worker is producing. */
  turns: TurnRegistry;
  /** Where turns wait for a worker: in process, or BullMQ on Redis (docs/operations.md). */
  jobs: JobQueue;
  /** This process's worker, or null for an API-only process (`serve --no-worker`). */
  worker: JobWorker | null;
  /** This process's id, recorded on the tasks it produces. */
  processId: string;
  /** Every block an agent graph may use (the chat's `run_block` offers a subset). */
  blocks: BlockRegistry;
  /** The agent runs this process executes. */
  agentRuns: RunRegistry;
  /** Long-running tools: their rows, jobs, completion and webhook (docs/operations.md). */
  operations: OperationsEnv;
  /**
   * With the in-process queue, this process's liveness record, which ends the turns of processes
   * that died; null with BullMQ, whose stall detection moves a dead worker's turn on instead.
   */
  liveness: ProducerLiveness | null;
  readiness(): Promise<Readiness>;
  /** Lets running work finish for up to `graceMs`, then ends what is left cleanly. */
  drain(graceMs: number): Promise<void>;
  close(): Promise<void>;
};

/** A configured backend that cannot be reached; the message names the variable to fix. */
export class DependencyError extends Error {
  override name = "DependencyError";
  constructor(
    readonly variable: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${variable}: ${detail}`, options);
  }
}

export function createLogger(config: Config): Logger {
  return pino({ level: config.server.logLevel, base: { pid: process.pid } });
}

async function connect<T>(variable: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if (error instanceof DependencyError) throw error;
    throw new DependencyError(variable, `cannot connect (${describeError(error)})`, { cause: error });
  }
}

/**
 * Overrides let tests inject an already-open database (a per-file test database) or file store (to
 * look at the raw blobs under the facade); whoever passes one in closes it.
 */
export async function createDeps(
  config: Config,
  overrides: {
    log?: Logger;
    database?: DatabaseHandle;
    fileStore?: FileStore;
    model?: LanguageModel;
    /** The model that names chats; by default the chat model, except the offline one (none). */
    titleModel?: LanguageModel | null;
    modelLabel?: string;
    /** Run a worker in this process (default); false for an API-only process. */
    worker?: boolean;
  } = {},
): Promise<Deps> {
  const log = overrides.log ?? createLogger(config);
  const opened: Array<() => Promise<unknown>> = [];
  const closeAll = async () => {
    for (const close of opened.reverse())
      await close().catch((error) => log.warn({ err: error }, "close failed"));
  };
  try {
    const database =
      overrides.database ??
      (await connect(config.database.driver === "postgres" ? "DATABASE_URL" : "DATA_DIR", async () => {
        const handle = await openDatabase(config.database);
        opened.push(() => handle.close());
        await migrate(handle);
        return handle;
      }));

    let redis: Redis | null = null;
    if (config.redis) {
      const { url } = config.redis;
      redis = await connect("REDIS_URL", async () => {
        const client = createRedis(url, "command");
        opened.push(() => client.quit());
        await waitForRedis(client);
        return client;
      });
    }

    const loginLimiter =
      redis && config.redis
        ? createRedisAttemptLimiter(redis, config.redis.keyPrefix)
        : createMemoryAttemptLimiter();

    // One connection for plain commands per process, shared by the limiter, the stream store and
    // the job queue's scripts (docs/streaming.md, "One blocking reader per process").
    const streams = createStreamStore(config, { command: redis ?? undefined });
    opened.push(() => streams.close());
    let fileStore = overrides.fileStore;
    if (!fileStore) {
      const storage = config.storage;
      // Refuse at startup what uploads could not use (a regular file, a read-only mount).
      if (storage.driver === "local") await connect("DATA_DIR", () => ensureWritableDirectory(storage.dir));
      const created = createFileStore(storage);
      opened.push(() => created.close());
      fileStore = created;
    }
    const files = createWorkspaceFiles({ db: database.db, store: fileStore, limits: config.workspace, log });
    const jobs = createJobQueue({
      // PGlite is one process by construction (its folder lock), so no other worker could share a
      // BullMQ queue; the in-process queue and the restart recovery are the embedded mechanism.
      redis:
        database.driver === "postgres" && config.redis
          ? { ...config.redis, command: redis ?? undefined }
          : null,
      bullmq: {
        lockDurationMs: config.worker.lockMs,
        stalledIntervalMs: config.worker.stalledIntervalMs,
        // One more than the turn's limit: the job comes back once more and its handler ends the
        // turn itself as `worker_lost`, rather than BullMQ failing it with nobody to tell the readers.
        maxStalledCount: config.turns.maxAttempts + 1,
      },
      log,
    });
    opened.push(() => jobs.close());
    const liveness =
      jobs.driver === "memory"
        ? await startProducerLiveness({
            db: database.db,
            streams,
            log,
            leaseSeconds: config.streams.turnLeaseSeconds,
          })
        : null;
    if (liveness) opened.push(() => liveness.close());
    const processId = liveness?.id ?? randomUUID();
    const turns = createTurnRegistry((error, taskId) => log.error({ err: error, taskId }, "turn failed"));
    const agentRuns = createRunRegistry();
    opened.push(() => agentRuns.drain(0));
    const model = overrides.model ?? createLanguageModel(config.model);
    const label = overrides.modelLabel ?? (overrides.model ? "test" : modelLabel(config.model));
    const titleModel =
      overrides.titleModel !== undefined
        ? overrides.titleModel
        : config.model.provider === "offline"
          ? null
          : model;
    const blocks = createBlockRegistry(agentBlocks(config.imageApi));
    const operations: OperationsEnv = {
      db: database.db,
      streams,
      jobs,
      files,
      blocks,
      model,
      modelLabel: label,
      log,
      agentRuns,
      running: createOperationRegistry(),
      config: { ...config.operations, maxTurnsPerUser: config.turns.maxPerUser },
      fetch: globalThis.fetch,
    };
    const tools = combineTools(
      workspaceTools(files, log),
      blockTools(createBlockRegistry(chatBlocks(config.imageApi)), files, model, log),
      operationTools(operations),
    );
    const turnDeps: TurnJobDeps = {
      db: database.db,
      streams,
      model,
      modelLabel: label,
      tools,
      files,
      log,
      coalesceMs: config.streams.coalesceMs,
      checkpoints: createCheckpointQueue(),
      turns,
      producerId: processId,
      maxAttempts: config.turns.maxAttempts,
      nameChat: titleModel
        ? (sessionId) => jobs.enqueue("chat_title", { sessionId }, { jobId: `title-${sessionId}` })
        : null,
    };
    const worker =
      overrides.worker === false
        ? null
        : jobs.startWorker(
            {
              chat_turn: (payload, context) => handleTurnJob(turnDeps, payload, context),
              operation_run: (payload, context) => handleOperationRun(operations, payload, context),
              operation_complete: (payload, context) => handleOperationComplete(operations, payload, context),
              agent_run: (payload, context) => handleAgentRunJob(operations, payload, context),
              chat_title: (payload, context) =>
                handleSessionTitle({ db: database.db, model: titleModel, log }, payload, context),
            },
            { concurrency: config.worker.concurrency },
          );
    // Running turns end cleanly (or go back to the queue) before their connections close.
    if (worker) opened.push(() => worker.close(0));

    const probe = async (check: () => Promise<boolean>) => {
      try {
        return await check();
      } catch {
        return false;
      }
    };

    return {
      config,
      log,
      database,
      db: database.db,
      redis,
      loginLimiter,
      lifecycle: createLifecycle(),
      streams,
      files,
      model,
      modelLabel: label,
      tools,
      turns,
      jobs,
      worker,
      processId,
      blocks,
      agentRuns,
      operations,
      liveness,
      async readiness() {
        const [dbOk, streamsOk, filesOk, queue] = await Promise.all([
          probe(() => database.ping()),
          probe(() => streams.ping()),
          probe(() => fileStore.ping()),
          jobs.counts().catch(() => null),
        ]);
        return {
          db: { driver: database.driver, ok: dbOk },
          streams: { driver: streams.driver, ok: streamsOk },
          queue: {
            driver: jobs.driver === "bullmq" ? "bullmq" : "in-process",
            ok: queue !== null,
            waiting: queue?.waiting ?? null,
            active: queue?.active ?? null,
            workers: queue?.workers ?? null,
          },
          files: { driver: fileStore.driver, ok: filesOk },
          model: { driver: config.model.provider, ok: true },
        };
      },
      drain: async (graceMs) => {
        await Promise.all([worker?.close(graceMs), agentRuns.drain(graceMs)]);
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
