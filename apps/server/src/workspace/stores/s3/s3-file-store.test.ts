import { createServer, request as forward } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type S3rverHandle, startS3rver } from "../../../testing/s3rver";
import { generatedBody, runFileStoreContract } from "../file-store.contract";
import { createS3FileStore } from "./s3-file-store";

const storeOptions = (server: S3rverHandle) => ({
  bucket: server.bucket,
  region: server.region,
  endpoint: server.endpoint,
  accessKeyId: server.accessKeyId,
  secretAccessKey: server.secretAccessKey,
  forcePathStyle: true,
});
const storeFor = (server: S3rverHandle) => createS3FileStore(storeOptions(server));

// s3rver ignores If-None-Match on writes, so the store must not claim conditional create there.
runFileStoreContract("s3 (s3rver)", async () => {
  const server = await startS3rver();
  return { store: storeFor(server), capabilities: { conditionalCreate: false }, teardown: server.stop };
});

describe("s3 file store: what the contract cannot see", () => {
  let server: S3rverHandle;
  beforeAll(async () => {
    server = await startS3rver();
  });
  afterAll(() => server.stop());

  it("asks the server to abort the multipart upload when the body fails after a part went up", async () => {
    // s3rver implements no AbortMultipartUpload (it answers 405), so the request is observed
    // through a recording proxy instead of by listing multipart uploads afterwards.
    const proxy = await recordingProxy(server.endpoint);
    const store = createS3FileStore({ ...storeOptions(server), endpoint: proxy.endpoint });
    const failure = new Error("quota exceeded mid-stream");
    const body = generatedBody(30 * 1024 * 1024, { failAfter: 12 * 1024 * 1024, error: failure });
    await expect(store.put("aborted/big", body)).rejects.toBe(failure);
    expect(proxy.seen.filter((line) => /^PUT \S+\?.*partNumber=/.test(line)).length).toBeGreaterThan(0);
    expect(proxy.seen.some((line) => /^DELETE \/[^/]+\/aborted\/big\?uploadId=/.test(line))).toBe(true);
    expect(await store.stat("aborted/big")).toBeNull();
    await store.close();
    await proxy.stop();
  });

  it("reports an unreachable endpoint as not ready", async () => {
    const store = createS3FileStore({
      bucket: "nope",
      region: "us-east-1",
      endpoint: "http://127.0.0.1:9",
      forcePathStyle: true,
    });
    expect(await store.ping()).toBe(false);
    await store.close();
  });

  it("refuses ifNotExists unless conditional create was enabled for a server that honours it", async () => {
    const store = storeFor(server);
    expect(store.capabilities.conditionalCreate).toBe(false);
    const enabled = createS3FileStore({
      bucket: "b",
      region: "us-east-1",
      forcePathStyle: false,
      conditionalCreate: true,
    });
    expect(enabled.capabilities.conditionalCreate).toBe(true);
    await Promise.all([store.close(), enabled.close()]);
  });
});

/** Forwards to `target` and remembers `METHOD path?query` of each request (signatures still match: Host is kept). */
async function recordingProxy(target: string) {
  const upstream = new URL(target);
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const outgoing = forward(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    outgoing.on("error", () => response.destroy());
    request.pipe(outgoing);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
