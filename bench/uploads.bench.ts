import { createTestApp } from "../apps/server/src/testing/test-app";
import { table } from "./stats";
import { postMultipart, source } from "./streams/transfer";

/**
 * Workspace throughput and memory on the embedded default (local file store): a 256 MiB upload
 * through the facade (what tools and blocks use), the same size as a multipart POST over loopback
 * HTTP, and its download. Memory is the growth of the process's peak RSS over its resting RSS,
 * sampled every 10 ms: a store that buffered whole files would grow by the file's size.
 */
const MIB = 1024 * 1024;
const SIZE = 256 * MIB;
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
        const { status } = await postMultipart(
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
