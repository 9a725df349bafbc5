import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

/**
 * A local S3-compatible server for the S3 file-store suite: s3rver in a child process on an
 * ephemeral loopback port, with its own temp directory and one bucket. A child process keeps
 * s3rver's Koa stack and its old dependencies out of the test worker; it exits when the worker
 * goes (the IPC channel closes), so a crashed run leaves no server behind.
 */
export type S3rverHandle = {
  endpoint: string;
  bucket: string;
  region: string;
  /** s3rver checks signatures against these fixed credentials. */
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
};

const startTimeoutMs = 20_000;

// Runs inside the child: s3rver on port 0, the chosen port reported over IPC.
const childScript = `
const S3rver = require(process.argv[1]);
const [directory, bucket] = process.argv.slice(2);
process.on("disconnect", () => process.exit(0));
new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] })
  .run()
  .then(({ port }) => process.send({ port }))
  .catch((error) => { console.error(error); process.exit(1); });
`;

export async function startS3rver(): Promise<S3rverHandle> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "copilot-s3rver-"));
  const bucket = "copilot-test";
  const entry = createRequire(import.meta.url).resolve("s3rver");
  const child = spawn(process.execPath, ["-e", childScript, entry, directory, bucket], {
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    // s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only offers
    // through its legacy provider: without it every paginated listing fails.
    env: { ...process.env, NODE_OPTIONS: "--openssl-legacy-provider" },
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });

  const stop = async () => {
    await terminate(child);
    await rm(directory, { recursive: true, force: true });
  };
  try {
    const port = await reportedPort(child, () => stderr);
    const endpoint = `http://127.0.0.1:${port}`;
    await untilAnswers(`${endpoint}/${bucket}`);
    return { endpoint, bucket, region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function reportedPort(child: ChildProcess, stderr: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error("s3rver did not start in time")), startTimeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(new Error(`${error.message}\n${stderr()}`));
    };
    child.once("message", (message: unknown) => {
      clearTimeout(timer);
      const port = typeof message === "object" && message !== null && "port" in message ? message.port : null;
      if (typeof port === "number") resolve(port);
      else reject(new Error(`s3rver sent an unexpected message: ${JSON.stringify(message)}`));
    });
    child.once("exit", (code) => fail(new Error(`s3rver exited with code ${code}`)));
    child.once("error", fail);
  });
}

/** Listening is not the same as serving: wait for a real answer from the bucket. */
async function untilAnswers(url: string): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    const status = await fetch(url, { method: "HEAD" }).then(
      (response) => response.status,
      () => 0,
    );
    // Unsigned requests are refused (403) by a server that is otherwise ready.
    if (status !== 0 && status < 500) return;
    if (Date.now() > deadline) throw new Error(`s3rver at ${url} never answered`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}
