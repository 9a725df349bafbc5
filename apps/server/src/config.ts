import net from "node:net";
import path from "node:path";
import { z } from "zod";
import type { S3FileStoreOptions } from "./workspace/stores/s3/s3-file-store";

/**
 * The whole configuration, parsed once from the environment (docs/api.md §1). Nothing else reads
 * `process.env`; a bad value stops startup with a message naming the variable.
 */
const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const optional = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();
const bool = z
  .enum(["true", "false", "1", "0", ""])
  .transform((value) => value === "true" || value === "1")
  .optional();
const url = (protocols: RegExp) =>
  optional.refine((value) => value === undefined || (URL.canParse(value) && protocols.test(value)), {
    message: `must be a URL (${protocols.source})`,
  });

const envSchema = z.object({
  HOST: z.string().default("127.0.0.1"),
  PORT: int(3000).pipe(z.number().max(65535)),
  APP_ORIGIN: optional,
  DATA_DIR: optional,
  DATABASE_URL: url(/^postgres(ql)?:\/\//),
  REDIS_URL: url(/^rediss?:\/\//),
  REDIS_KEY_PREFIX: z.string().min(1).default("copilot:"),
  STORAGE_DRIVER: z.enum(["local", "s3", "gcs"]).default("local"),
  S3_BUCKET: optional,
  S3_REGION: z.string().default("us-east-1"),
  S3_ENDPOINT: url(/^https?:\/\//),
  S3_ACCESS_KEY_ID: optional,
  S3_SECRET_ACCESS_KEY: optional,
  S3_FORCE_PATH_STYLE: bool,
  GCS_BUCKET: optional,
  GCS_PROJECT_ID: optional,
  GCS_API_ENDPOINT: url(/^https?:\/\//),
  GOOGLE_APPLICATION_CREDENTIALS: optional,
  MODEL_PROVIDER: z.enum(["offline", "openai", "anthropic", "openai-compatible"]).optional(),
  MODEL_NAME: optional,
  MODEL_BASE_URL: url(/^https?:\/\//),
  MODEL_API_KEY: optional,
  OPENAI_API_KEY: optional,
  ANTHROPIC_API_KEY: optional,
  IMAGE_API_BASE_URL: url(/^https?:\/\//),
  IMAGE_API_KEY: optional,
  IMAGE_MODEL: optional,
  OFFLINE_MODEL_DELAY_MS: int(30),
  STREAM_TTL_SECONDS: int(3600, 1),
  STREAM_MAX_ENTRIES: int(0),
  STREAM_COALESCE_MS: int(10),
  SSE_HEARTBEAT_MS: int(15_000, 10),
  SHUTDOWN_GRACE_MS: int(10_000),
  TURN_LEASE_SECONDS: int(30, 3),
  TURN_MAX_ATTEMPTS: int(3, 1),
  TURN_QUEUE_TIMEOUT_SECONDS: int(600, 1),
  TURNS_MAX_PER_USER: int(4, 1),
  WORKER_CONCURRENCY: int(256, 1),
  WORKER_LOCK_MS: int(10_000, 1000),
  WORKER_STALLED_INTERVAL_MS: int(5_000, 100),
  WORKSPACE_MAX_FILE_BYTES: int(104_857_600, 1),
  WORKSPACE_QUOTA_BYTES: int(1_073_741_824, 1),
  WORKSPACE_TRASH_DAYS: int(7),
  AUTH_LOGIN_MAX_PER_MINUTE: int(10, 1),
  AUTH_SIGNUP_MAX_PER_HOUR: int(20, 1),
  TRUST_PROXY: optional,
  OPERATIONS_WEBHOOK_SECRET: optional,
  OPERATIONS_CALLBACK_BASE_URL: url(/^https?:\/\//),
  AGENT_GENERATOR_URL: url(/^https?:\/\//),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** Every variable the server reads (docs/configuration.md and .env.example list each). */
export const configVariables = Object.keys(envSchema.shape);

export type DatabaseConfig = { driver: "pglite"; dir: string } | { driver: "postgres"; url: string };
export type StorageConfig =
  | { driver: "local"; dir: string }
  | ({ driver: "s3" } & Omit<S3FileStoreOptions, "conditionalCreate">)
  | { driver: "gcs"; bucket: string; projectId?: string; apiEndpoint?: string; keyFilename?: string };
export type ModelConfig =
  | { provider: "offline"; name: "offline"; delayMs: number }
  | {
      provider: "openai" | "anthropic" | "openai-compatible";
      name: string;
      baseUrl?: string;
      apiKey?: string;
    };

export type Config = ReturnType<typeof buildConfig>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

const defaultModelNames = { openai: "gpt-4o-mini", anthropic: "claude-sonnet-4-5", "openai-compatible": "" };

/** `repoRoot` anchors the default `DATA_DIR` (`./data` relative to the repository root). */
export function loadConfig(env: Record<string, string | undefined>, repoRoot: string) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`invalid configuration\n  ${problems.join("\n  ")}`);
  }
  return buildConfig(parsed.data, repoRoot);
}

function buildConfig(env: z.infer<typeof envSchema>, repoRoot: string) {
  const dataDir = path.resolve(repoRoot, env.DATA_DIR ?? "data");
  const appOrigins = (env.APP_ORIGIN ?? `http://${env.HOST}:${env.PORT}`)
    .split(",")
    .map((origin) => origin.trim().replace(/\/+$/, ""))
    .filter(Boolean);
  for (const origin of appOrigins) {
    if (!URL.canParse(origin)) throw new ConfigError(`APP_ORIGIN: "${origin}" is not an origin`);
  }
  return {
    server: {
      host: env.HOST,
      port: env.PORT,
      appOrigins,
      logLevel: env.LOG_LEVEL,
      shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
      trustProxy: trustProxyConfig(env.TRUST_PROXY),
    },
    dataDir,
    database: (env.DATABASE_URL
      ? { driver: "postgres", url: env.DATABASE_URL }
      : { driver: "pglite", dir: path.join(dataDir, "db") }) satisfies DatabaseConfig as DatabaseConfig,
    redis: env.REDIS_URL ? { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX } : null,
    storage: storageConfig(env, dataDir),
    model: modelConfig(env),
    imageApi: env.IMAGE_API_BASE_URL
      ? {
          baseUrl: env.IMAGE_API_BASE_URL,
          apiKey: env.IMAGE_API_KEY ?? env.OPENAI_API_KEY,
          model: env.IMAGE_MODEL ?? "gpt-image-1",
        }
      : env.OPENAI_API_KEY
        ? {
            baseUrl: "https://api.openai.com/v1",
            apiKey: env.OPENAI_API_KEY,
            model: env.IMAGE_MODEL ?? "gpt-image-1",
          }
        : null,
    streams: {
      ttlSeconds: env.STREAM_TTL_SECONDS,
      maxEntries: env.STREAM_MAX_ENTRIES,
      coalesceMs: env.STREAM_COALESCE_MS,
      heartbeatMs: env.SSE_HEARTBEAT_MS,
      turnLeaseSeconds: env.TURN_LEASE_SECONDS,
    },
    turns: {
      maxAttempts: env.TURN_MAX_ATTEMPTS,
      queueTimeoutSeconds: env.TURN_QUEUE_TIMEOUT_SECONDS,
      maxPerUser: env.TURNS_MAX_PER_USER,
    },
    /** BullMQ's lock and stall check (docs/operations.md): a dead worker's turn moves on within about lock + interval. */
    worker: {
      concurrency: env.WORKER_CONCURRENCY,
      lockMs: env.WORKER_LOCK_MS,
      stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
    },
    workspace: {
      maxFileBytes: env.WORKSPACE_MAX_FILE_BYTES,
      quotaBytes: env.WORKSPACE_QUOTA_BYTES,
      trashDays: env.WORKSPACE_TRASH_DAYS,
    },
    /** Long-running tools (docs/operations.md "Operations"). */
    operations: {
      /** Signs `POST /api/chat/operations/{id}/complete`; without it the webhook answers 503 not_configured. */
      webhookSecret: env.OPERATIONS_WEBHOOK_SECRET ?? null,
      /** Where an external service calls back: the webhook under this base (default: the first APP_ORIGIN). */
      callbackBaseUrl: (env.OPERATIONS_CALLBACK_BASE_URL ?? appOrigins[0] ?? "").replace(/\/+$/, ""),
      /** When set, `generate_agent` is delegated to this service, which answers through the webhook. */
      agentGeneratorUrl: env.AGENT_GENERATOR_URL ?? null,
    },
    auth: {
      loginMaxPerMinute: env.AUTH_LOGIN_MAX_PER_MINUTE,
      signupMaxPerHour: env.AUTH_SIGNUP_MAX_PER_HOUR,
    },
  };
}

/**
 * Which `X-Forwarded-For` hops to believe for the client address (rate limits key on it): off by
 * default (a client could forge it); a hop count, or the proxies' addresses/CIDRs, comma-separated.
 */
function trustProxyConfig(value: string | undefined): false | number | string[] {
  if (value === undefined || value === "false" || value === "0") return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split("/");
    const family = net.isIP(address ?? "");
    const maxBits = family === 6 ? 128 : 32;
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits);
    if (!family || !bitsOk || extra !== undefined) {
      throw new ConfigError(`TRUST_PROXY: "${entry}" is not a hop count, an IP address or a CIDR range`);
    }
  }
  return entries;
}

function storageConfig(env: z.infer<typeof envSchema>, dataDir: string): StorageConfig {
  switch (env.STORAGE_DRIVER) {
    case "local":
      return { driver: "local", dir: path.join(dataDir, "files") };
    case "s3":
      if (!env.S3_BUCKET) throw new ConfigError("S3_BUCKET: required when STORAGE_DRIVER=s3");
      return {
        driver: "s3",
        bucket: env.S3_BUCKET,
        region: env.S3_REGION,
        endpoint: env.S3_ENDPOINT,
        accessKeyId: env.S3_ACCESS_KEY_ID,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY,
        forcePathStyle: env.S3_FORCE_PATH_STYLE ?? Boolean(env.S3_ENDPOINT),
      };
    case "gcs":
      if (!env.GCS_BUCKET) throw new ConfigError("GCS_BUCKET: required when STORAGE_DRIVER=gcs");
      return {
        driver: "gcs",
        bucket: env.GCS_BUCKET,
        projectId: env.GCS_PROJECT_ID,
        apiEndpoint: env.GCS_API_ENDPOINT,
        keyFilename: env.GOOGLE_APPLICATION_CREDENTIALS,
      };
  }
}

function modelConfig(env: z.infer<typeof envSchema>): ModelConfig {
  const provider =
    env.MODEL_PROVIDER ??
    (env.MODEL_API_KEY || env.OPENAI_API_KEY ? "openai" : env.ANTHROPIC_API_KEY ? "anthropic" : "offline");
  if (provider === "offline") return { provider, name: "offline", delayMs: env.OFFLINE_MODEL_DELAY_MS };
  const apiKey =
    env.MODEL_API_KEY ?? (provider === "anthropic" ? env.ANTHROPIC_API_KEY : env.OPENAI_API_KEY) ?? undefined;
  const name = env.MODEL_NAME ?? defaultModelNames[provider];
  if (!name) throw new ConfigError(`MODEL_NAME: required when MODEL_PROVIDER=${provider}`);
  if (provider === "openai-compatible" && !env.MODEL_BASE_URL) {
    throw new ConfigError("MODEL_BASE_URL: required when MODEL_PROVIDER=openai-compatible");
  }
  if (provider !== "openai-compatible" && !apiKey) {
    throw new ConfigError(`MODEL_API_KEY: required when MODEL_PROVIDER=${provider}`);
  }
  return { provider, name, baseUrl: env.MODEL_BASE_URL, apiKey };
}
