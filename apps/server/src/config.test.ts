import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, configVariables, loadConfig } from "./config";
import { repoRoot } from "./main";

const root = "/repo";

describe("loadConfig", () => {
  it("gives the embedded defaults of docs/api.md §1", () => {
    const config = loadConfig({}, root);
    expect(config.server).toMatchObject({
      host: "127.0.0.1",
      port: 3000,
      appOrigins: ["http://127.0.0.1:3000"],
    });
    expect(config.dataDir).toBe(path.join(root, "data"));
    expect(config.database).toEqual({ driver: "pglite", dir: path.join(root, "data", "db") });
    expect(config.redis).toBeNull();
    expect(config.storage).toEqual({ driver: "local", dir: path.join(root, "data", "files") });
    expect(config.model).toEqual({ provider: "offline", name: "offline", delayMs: 30 });
    expect(config.streams).toEqual({
      ttlSeconds: 3600,
      maxEntries: 0,
      coalesceMs: 10,
      heartbeatMs: 15_000,
      turnLeaseSeconds: 30,
    });
    expect(config.workspace).toEqual({ maxFileBytes: 104_857_600, quotaBytes: 1_073_741_824, trashDays: 7 });
    expect(config.auth.loginMaxPerMinute).toBe(10);
    expect(config.server.shutdownGraceMs).toBe(10_000);
  });

  it("reads TRUST_PROXY as off, a hop count or a list of addresses and CIDR ranges", () => {
    expect(loadConfig({}, root).server.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "2" }, root).server.trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.0/8, ::1" }, root).server.trustProxy).toEqual([
      "10.0.0.0/8",
      "::1",
    ]);
    for (const bad of ["true", "10.0.0.0/33", "proxy.local", "1.2.3.4/8/9"]) {
      expect(() => loadConfig({ TRUST_PROXY: bad }, root)).toThrow(/TRUST_PROXY/);
    }
  });

  it("resolves a relative DATA_DIR against the repository root", () => {
    expect(loadConfig({ DATA_DIR: "state" }, root).dataDir).toBe(path.join(root, "state"));
    expect(loadConfig({ DATA_DIR: "/var/lib/copilot" }, root).dataDir).toBe("/var/lib/copilot");
  });

  it("switches to the scaled backends when their URLs are set", () => {
    const config = loadConfig(
      { DATABASE_URL: "postgres://u@db:5432/x", REDIS_URL: "redis://cache:6379", REDIS_KEY_PREFIX: "p:" },
      root,
    );
    expect(config.database).toEqual({ driver: "postgres", url: "postgres://u@db:5432/x" });
    expect(config.redis).toEqual({ url: "redis://cache:6379", keyPrefix: "p:" });
  });

  it("parses APP_ORIGIN as a comma list without trailing slashes", () => {
    const config = loadConfig({ APP_ORIGIN: "https://a.example/, https://b.example" }, root);
    expect(config.server.appOrigins).toEqual(["https://a.example", "https://b.example"]);
  });

  it("picks the provider from the keys that are set", () => {
    expect(loadConfig({ OPENAI_API_KEY: "sk-x" }, root).model).toMatchObject({
      provider: "openai",
      apiKey: "sk-x",
    });
    expect(loadConfig({ ANTHROPIC_API_KEY: "a" }, root).model).toMatchObject({
      provider: "anthropic",
      apiKey: "a",
    });
    expect(
      loadConfig(
        {
          MODEL_PROVIDER: "openai-compatible",
          MODEL_BASE_URL: "http://127.0.0.1:11434/v1",
          MODEL_NAME: "llama3",
        },
        root,
      ).model,
    ).toMatchObject({ provider: "openai-compatible", name: "llama3", baseUrl: "http://127.0.0.1:11434/v1" });
  });

  it.each([
    [{ PORT: "seventy" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ REDIS_URL: "not a url" }, "REDIS_URL"],
    [{ STORAGE_DRIVER: "ftp" }, "STORAGE_DRIVER"],
    [{ STORAGE_DRIVER: "s3" }, "S3_BUCKET"],
    [{ STORAGE_DRIVER: "gcs" }, "GCS_BUCKET"],
    [{ MODEL_PROVIDER: "openai" }, "MODEL_API_KEY"],
    [{ MODEL_PROVIDER: "openai-compatible", MODEL_NAME: "m" }, "MODEL_BASE_URL"],
    [{ MODEL_PROVIDER: "openai-compatible", MODEL_BASE_URL: "http://x" }, "MODEL_NAME"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ WORKSPACE_QUOTA_BYTES: "-1" }, "WORKSPACE_QUOTA_BYTES"],
    [{ APP_ORIGIN: "nope" }, "APP_ORIGIN"],
  ])("refuses %j naming %s", (env, variable) => {
    expect(() => loadConfig(env, root)).toThrow(ConfigError);
    expect(() => loadConfig(env, root)).toThrow(variable);
  });
});

describe("configuration docs", () => {
  it.each([".env.example", "docs/configuration.md"])("%s names every variable the server reads", (file) => {
    const text = fs.readFileSync(path.join(repoRoot, file), "utf8");
    const missing = configVariables.filter((name) => !new RegExp(`\\b${name}\\b`).test(text));
    expect(missing).toEqual([]);
  });
});
