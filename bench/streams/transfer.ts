import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { UploadResult } from "./load-config";
import { memoryMiB } from "./probes";

/**
 * upload-1g: one big file through the project's real HTTP API (multipart upload, then download)
 * and the same bytes copied by `cp` on the same disk. The bytes are made on the fly from one
 * reused 1 MiB buffer, so neither the client nor this process ever holds the file.
 */
const MIB = 1024 * 1024;
/** Position-dependent (i mod 251), so a lost, repeated or shifted range shows in the download. */
const CHUNK = Buffer.from(Array.from({ length: MIB }, (_, i) => i % 251));
/** The byte the source holds at `offset`. */
const at = (offset: number) => CHUNK[offset % MIB]!;

export function source(bytes: number): Readable {
  let left = bytes;
  return new Readable({
    highWaterMark: MIB,
    read() {
      if (left <= 0) return void this.push(null);
      const size = Math.min(left, CHUNK.length);
      left -= size;
      this.push(size === CHUNK.length ? CHUNK : CHUNK.subarray(0, size));
    },
  });
}

export async function sha256Of(bytes: number): Promise<string> {
  const hash = createHash("sha256");
  for await (const piece of source(bytes)) hash.update(piece as Buffer);
  return hash.digest("hex");
}

/** Peak VmRSS of `pid` while `work` runs, sampled every 100 ms, minus its VmRSS just before. */
async function withRss<T>(pid: number, work: () => Promise<T>) {
  const before = memoryMiB(pid).rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, memoryMiB(pid).rss);
  }, 100);
  const started = performance.now();
  try {
    const value = await work();
    peak = Math.max(peak, memoryMiB(pid).rss);
    return { value, seconds: (performance.now() - started) / 1000, before, growth: peak - before };
  } finally {
    clearInterval(sampler);
  }
}

/** A multipart POST of `bytes` from `source`, streamed (never held whole); resolves with the answer. */
export function postMultipart(
  url: string,
  headers: Record<string, string>,
  bytes: number,
): Promise<{ status: number; body: string }> {
  const boundary = "----copilot-bench-upload";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: "POST",
      headers: {
        ...headers,
        "content-type": `multipart/form-data; boundary=${boundary}`,
        "content-length": String(Buffer.byteLength(head) + bytes + Buffer.byteLength(tail)),
      },
    });
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (piece: string) => {
        body += piece;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.write(head);
    const body = source(bytes);
    body.on("end", () => request.end(tail));
    body.pipe(request, { end: false });
  });
}

/** Downloads `url`, counting bytes and checking the pattern at each piece's first and last byte. */
function download(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; bytes: number; bad: number }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers }, (response) => {
      let bytes = 0;
      let bad = 0;
      response.on("data", (piece: Buffer) => {
        if (piece[0] !== at(bytes) || piece[piece.length - 1] !== at(bytes + piece.length - 1)) bad += 1;
        bytes += piece.length;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, bytes, bad }));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

/** The same bytes written to a temp file, then `cp` timed alone and with the copy's data synced. */
export async function timeCp(bytes: number, dir: string): Promise<{ cp: number; cpSync: number }> {
  const folder = fs.mkdtempSync(path.join(dir, "copilot-bench-cp-"));
  try {
    const from = path.join(folder, "source.bin");
    await pipeline(source(bytes), fs.createWriteStream(from));
    const timed = (command: string, args: string[]) => {
      const started = performance.now();
      const run = spawnSync(command, args, { stdio: "inherit" });
      if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${run.status}`);
      return (performance.now() - started) / 1000;
    };
    const cp = timed("cp", [from, path.join(folder, "copy-1.bin")]);
    const cpSync =
      timed("cp", [from, path.join(folder, "copy-2.bin")]) +
      timed("sync", ["--data", path.join(folder, "copy-2.bin")]);
    return { cp, cpSync };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Upload then download of `bytes` on `base` as `headers`' user. `onError` receives a kind of the
 * run's error counters ("http" refused or short, "text" wrong bytes).
 */
export async function transfer(
  base: string,
  headers: Record<string, string>,
  options: { bytes: number; serverPid: number; expectedSha256: string },
  onError: (kind: "http" | "text", why: string) => void,
): Promise<Omit<UploadResult, "cpSeconds" | "cpSyncSeconds">> {
  const { bytes, serverPid } = options;
  const up = await withRss(serverPid, () =>
    postMultipart(`${base}/api/workspace/files?path=/bench/big.bin`, headers, bytes),
  );
  let id = "";
  if (up.value.status !== 201)
    onError("http", `upload answered ${up.value.status}: ${up.value.body.slice(0, 300)}`);
  else {
    const file = JSON.parse(up.value.body) as { id: string; size_bytes: number; sha256: string };
    id = file.id;
    if (file.size_bytes !== bytes || file.sha256 !== options.expectedSha256)
      onError("text", `stored ${file.size_bytes} bytes, sha256 ${file.sha256}`);
  }
  const down = await withRss(serverPid, async () =>
    id ? download(`${base}/api/workspace/files/${id}/download`, headers) : { status: 0, bytes: 0, bad: 0 },
  );
  if (id && down.value.status !== 200) onError("http", `download answered ${down.value.status}`);
  else if (id && (down.value.bytes !== bytes || down.value.bad > 0))
    onError(
      "text",
      `downloaded ${down.value.bytes} of ${bytes} bytes, ${down.value.bad} pieces out of pattern`,
    );
  return {
    bytes,
    uploadSeconds: up.seconds,
    downloadSeconds: down.seconds,
    restingRssMiB: up.before,
    uploadRssGrowthMiB: up.growth,
    downloadRssGrowthMiB: down.growth,
  };
}
