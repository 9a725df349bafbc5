import type { WorkspaceFile } from "@copilot/protocol";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/api-error";
import { makeFile } from "./test-files";
import { createUploadQueue, type UploadRequest } from "./upload-queue";

/** A transport the test settles by hand, recording every request. */
function manualTransport() {
  const calls: Array<{
    request: UploadRequest;
    resolve(file: WorkspaceFile, replaced?: boolean): void;
    reject(error: unknown): void;
  }> = [];
  const transport = (request: UploadRequest) =>
    new Promise<{ file: WorkspaceFile; replaced: boolean }>((resolve, reject) => {
      calls.push({ request, resolve: (file, replaced = false) => resolve({ file, replaced }), reject });
      request.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
    });
  return { calls, transport };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const file = (name: string) => new File(["x".repeat(10)], name);

function queueWith(concurrency: number) {
  const { calls, transport } = manualTransport();
  const uploaded: WorkspaceFile[] = [];
  let next = 0;
  const queue = createUploadQueue({
    transport,
    concurrency,
    onUploaded: (stored) => uploaded.push(stored),
    newId: () => `u${++next}`,
  });
  return { queue, calls, uploaded };
}

describe("createUploadQueue", () => {
  it("runs at most `concurrency` uploads and starts the next when one ends", async () => {
    const { queue, calls, uploaded } = queueWith(2);
    queue.add(["a", "b", "c"].map((name) => ({ file: file(name), path: `/docs/${name}` })));
    expect(calls.map((call) => call.request.path)).toEqual(["/docs/a", "/docs/b"]);
    expect(queue.getSnapshot().map((item) => item.status.kind)).toEqual(["uploading", "uploading", "queued"]);

    calls[0]?.resolve(makeFile("/docs/a"));
    await tick();
    expect(calls.map((call) => call.request.path)).toEqual(["/docs/a", "/docs/b", "/docs/c"]);
    expect(queue.getSnapshot()[0]?.status.kind).toBe("done");
    expect(uploaded.map((stored) => stored.path)).toEqual(["/docs/a"]);
  });

  it("reports progress, and notifies subscribers on each change", async () => {
    const { queue, calls } = queueWith(1);
    let notified = 0;
    queue.subscribe(() => {
      notified += 1;
    });
    queue.add([{ file: file("a"), path: "/a" }]);
    calls[0]?.request.onProgress(5, 10);
    expect(queue.getSnapshot()[0]?.status).toEqual({ kind: "uploading", loaded: 5, total: 10 });
    expect(notified).toBeGreaterThanOrEqual(3);
  });

  it("offers Replace after file_exists and sends it again with overwrite", async () => {
    const { queue, calls } = queueWith(1);
    queue.add([{ file: file("a"), path: "/a" }]);
    calls[0]?.reject(new ApiError("file_exists", "taken", 409));
    await tick();
    const [failed] = queue.getSnapshot();
    expect(failed?.status).toMatchObject({
      kind: "failed",
      problem: { code: "file_exists", canReplace: true },
    });

    queue.replace(failed?.id ?? "");
    expect(calls[1]?.request).toMatchObject({ path: "/a", overwrite: true });
    calls[1]?.resolve(makeFile("/a", { version: 2 }), true);
    await tick();
    expect(queue.getSnapshot()[0]?.status).toMatchObject({ kind: "done", replaced: true });
  });

  it("cancels a running upload without reporting it as failed, and frees its slot", async () => {
    const { queue, calls } = queueWith(1);
    queue.add([
      { file: file("a"), path: "/a" },
      { file: file("b"), path: "/b" },
    ]);
    queue.dismiss("u1");
    expect(calls[0]?.request.signal.aborted).toBe(true);
    await tick();
    expect(queue.getSnapshot().map((item) => [item.id, item.status.kind])).toEqual([["u2", "uploading"]]);
  });

  it("retries after a network failure with the same settings", async () => {
    const { queue, calls } = queueWith(1);
    queue.add([{ file: file("a"), path: "/a" }]);
    calls[0]?.reject(new TypeError("Failed to fetch"));
    await tick();
    expect(queue.getSnapshot()[0]?.status).toMatchObject({ kind: "failed", problem: { canRetry: true } });
    queue.retry("u1");
    expect(calls[1]?.request).toMatchObject({ path: "/a", overwrite: false });
  });
});
