import { request as httpRequest } from "node:http";
import { Readable } from "node:stream";
import { createTestApp } from "../apps/server/src/testing/test-app";
import { table } from "./stats";

/**
 * Workspace throughput and memory on the embedded default (local file store): a 256 MiB upload
 * through the facade (what tools and blocks use), the same size as a multipart POST over loopback
 * HTTP, and its download. Memory is the growth of the process's peak RSS over its resting RSS,
 * sampled every 10 ms: a store that buffered whole files would grow by the file's size.
 */
const MIB = 1024 * 1024;
const SIZE = 256 * MIB;
const CHUNK = Buffer.alloc(MIB, 0x5a);

/** `bytes` of data made on demand, one reused 1 MiB buffer at a time (the source holds nothing). */
function source(bytes: number): Readable {
  let left = bytes;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const size = Math.min(left, CHUNK.length);
      left -= size;
      this.push(size === CHUNK.length ? CHUNK : CHUNK.subarray(0, size));
    },
  });
}

async function measured(work: () => Promise<void>): Promise<{ seconds: number; rssGrowth: number }> {
  globalThis.gc?.();
  const resting = process.memoryUsage.rss();
  let peak = resting;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  return { seconds: (performance.now() - started) / 1000, rssGrowth: peak - resting };
}

function postMultipart(url: string, headers: Record<string, string>, bytes: number): Promise<number> {
  const boundary = "----copilot-bench";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: "POST",
      headers: {
        ...headers,
        "content-type": `multipart/form-data; boundary=${boundary}`,
        "content-length": String(Buffer.byteLength(head) + bytes + Buffer.byteLength(tail)),
      },
    });
    request.on("response", (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
    request.write(head);
    const body = source(bytes);
    body.on("end", () => request.end(tail));
    body.pipe(request, { end: false });
  });
}

export async function runUploadsBench(): Promise<string> {
  const t = await createTestApp({
    mode: "embedded",
    env: { WORKSPACE_MAX_FILE_BYTES: String(SIZE), WORKSPACE_QUOTA_BYTES: String(4 * SIZE) },
  });
  const rows: Array<[string, { seconds: number; rssGrowth: number }]> = [];
  try {
    const base = await t.listen();
    const user = await t.signup();
    const caller = { userId: user.id };

    rows.push([
      "facade upload (tools, blocks)",
      await measured(async () => {
        await t.deps.files.upload(caller, { path: "/bench/facade.bin", body: source(SIZE) });
      }),
    ]);

    let uploadedId = "";
    rows.push([
      "HTTP multipart upload",
      await measured(async () => {
        const status = await postMultipart(
          `${base}/api/workspace/files?path=/bench/http.bin`,
          user.headers,
          SIZE,
        );
        if (status !== 201) throw new Error(`upload answered ${status}`);
        uploadedId = (await t.deps.files.get(caller, { path: "/bench/http.bin" })).id;
      }),
    ]);

    rows.push([
      "HTTP download",
      await measured(async () => {
        const response = await fetch(`${base}/api/workspace/files/${uploadedId}/download`, {
          headers: user.headers,
        });
        let received = 0;
        for await (const chunk of response.body ?? []) received += (chunk as Uint8Array).byteLength;
        if (received !== SIZE) throw new Error(`downloaded ${received} of ${SIZE} bytes`);
      }),
    ]);
  } finally {
    await t.close();
  }
  return table(
    ["operation (256 MiB, local store)", "throughput", "peak RSS growth"],
    rows.map(([name, { seconds, rssGrowth }]) => [
      name,
      `${(SIZE / MIB / seconds).toFixed(0)} MiB/s`,
      `${(rssGrowth / MIB).toFixed(0)} MiB`,
    ]),
  );
}
