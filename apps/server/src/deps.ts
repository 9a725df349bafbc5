import type { Readiness } from "@copilot/protocol";
import type { LanguageModel } from "ai";
import type { Redis } from "ioredis";
import pino, { type Logger } from "pino";
import { createRunRegistry, type RunRegistry } from "./agents/run-registry";
import type { AttemptLimiter } from "./auth/attempt-limiter";
import { createMemoryAttemptLimiter } from "./auth/memory-attempt-limiter";
import { createRedisAttemptLimiter } from "./auth/redis-attempt-limiter";
import { agentBlocks, chatBlocks } from "./blocks/library/catalog";
import { type BlockRegistry, createBlockRegistry } from "./blocks/registry";
import { blockTools } from "./blocks/run-block-tool";
import { createLanguageModel, modelLabel } from "./chat/model";
import { type ProducerLiveness, startProducerLiveness } from "./chat/producer-liveness";
import { combineTools, type ToolFactory } from "./chat/tools";
import { createTurnRegistry, type TurnRegistry } from "./chat/turn-registry";
import type { Config } from "./config";
import { type Database, type DatabaseHandle, openDatabase } from "./db/client";
import { migrate } from "./db/migrate";
import { describeError, ensureWritableDirectory } from "./fs-errors";
import { createLifecycle, type Lifecycle } from "./http/lifecycle";
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
  turns: TurnRegistry;
  /** Every block an agent graph may use (the chat's `run_block` offers a subset). */
  blocks: BlockRegistry;
  /** The agent runs this process executes. */
  agentRuns: RunRegistry;
  /** This process's liveness record; ends the turns of processes that died. */
  liveness: ProducerLiveness;
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
    modelLabel?: string;
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

    const streams = createStreamStore(config);
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
    const liveness = await startProducerLiveness({
      db: database.db,
      streams,
      log,
      leaseSeconds: config.streams.turnLeaseSeconds,
    });
    opened.push(() => liveness.close());
    const turns = createTurnRegistry((error, taskId) => log.error({ err: error, taskId }, "turn failed"));
    // Running turns end cleanly before their connections close (and before this process's liveness row goes).
    opened.push(() => turns.drain(0));
    const agentRuns = createRunRegistry((error, runId) =>
      log.error({ err: error, runId }, "agent run failed"),
    );
    opened.push(() => agentRuns.drain(0));
    const model = overrides.model ?? createLanguageModel(config.model);

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
      modelLabel: overrides.modelLabel ?? (overrides.model ? "test" : modelLabel(config.model)),
      tools: combineTools(
        workspaceTools(files, log),
        blockTools(createBlockRegistry(chatBlocks(config.imageApi)), files, model, log),
      ),
      turns,
      blocks: createBlockRegistry(agentBlocks(config.imageApi)),
      agentRuns,
      liveness,
      async readiness() {
        const [dbOk, streamsOk, filesOk] = await Promise.all([
          probe(() => database.ping()),
          probe(() => streams.ping()),
          probe(() => fileStore.ping()),
        ]);
        return {
          db: { driver: database.driver, ok: dbOk },
          streams: { driver: streams.driver, ok: streamsOk },
          queue: { driver: "in-process", ok: true },
          files: { driver: fileStore.driver, ok: filesOk },
          model: { driver: config.model.provider, ok: true },
        };
      },
      drain: async (graceMs) => {
        await Promise.all([turns.drain(graceMs), agentRuns.drain(graceMs)]);
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
