import { createHash, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FileExistsError, type FileStore, type FileStoreCapabilities } from "./file-store";

/**
 * The behaviour every `FileStore` owes the workspace facade, run once per backend by its test file.
 * Each test writes under its own random prefix and removes what it wrote, so the suite can also run
 * against a shared real bucket.
 */
export type FileStoreFixture = {
  store: FileStore;
  /** What the backend must declare: asserted, so a capability cannot change or vanish silently. */
  capabilities: FileStoreCapabilities;
  /** Stops what setup started (servers, temp dirs); the suite closes the store itself. */
  teardown?: () => Promise<void>;
};

const MiB = 1024 * 1024;
const bigSize = 20 * MiB + 12_345; // not a multiple of any chunk or part size
const chunkSize = 64 * 1024;

export function runFileStoreContract(name: string, setup: () => Promise<FileStoreFixture>): void {
  describe(`FileStore contract: ${name}`, () => {
    let fixture: FileStoreFixture;
    let store: FileStore;
    let prefix: string;

    beforeAll(async () => {
      fixture = await setup();
      store = fixture.store;
    });
    afterAll(async () => {
      try {
        await store?.close();
      } finally {
        await fixture?.teardown?.();
      }
    });
    beforeEach(() => {
      prefix = `contract/${randomUUID()}/`;
    });
    afterEach(async () => {
      for (;;) {
        const page = await store.list(prefix);
        await Promise.all(page.items.map((item) => store.delete(item.key)));
        if (!page.nextCursor) break;
      }
    });

    it("declares its capabilities and answers ping", async () => {
      expect(store.capabilities).toEqual(fixture.capabilities);
      expect(await store.ping()).toBe(true);
    });

    it("round-trips bytes and reports their size", async () => {
      const key = `${prefix}hello`;
      const before = Date.now();
      expect(await store.put(key, Readable.from([Buffer.from("hello, "), Buffer.from("world")]))).toEqual({
        size: 12,
      });
      expect((await readAll(await store.get(key))).toString()).toBe("hello, world");
      const stat = await store.stat(key);
      expect(stat).toMatchObject({ key, size: 12 });
      // Clocks of a remote store may be a little off; the timestamp must still be a recent Date.
      expect(Math.abs(stat!.updatedAt.getTime() - before)).toBeLessThan(5 * 60_000);
    });

    it("stores an empty body", async () => {
      const key = `${prefix}empty`;
      expect(await store.put(key, Readable.from([]))).toEqual({ size: 0 });
      expect((await readAll(await store.get(key))).length).toBe(0);
      expect(await store.stat(key)).toMatchObject({ size: 0 });
    });

    it("streams a 20 MiB body in and out with its size and bytes intact", { timeout: 120_000 }, async () => {
      const key = `${prefix}big`;
      expect(await store.put(key, generatedBody(bigSize))).toEqual({ size: bigSize });
      expect(await store.stat(key)).toMatchObject({ size: bigSize });
      const digest = createHash("sha256");
      let read = 0;
      for await (const chunk of (await store.get(key))!) {
        digest.update(chunk as Buffer);
        read += (chunk as Buffer).length;
      }
      expect(read).toBe(bigSize);
      expect(digest.digest("hex")).toBe(generatedDigest(bigSize));
    });

    it("reads inclusive byte ranges", async () => {
      const key = `${prefix}ranges`;
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
      await store.put(key, Readable.from([bytes]));
      const range = async (start: number, end: number) => [
        ...(await readAll(await store.get(key, { start, end }))),
      ];
      expect(await range(0, 0)).toEqual([0]); // the first byte alone (s3rver sends everything)
      expect(await range(10, 19)).toEqual([...bytes.subarray(10, 20)]);
      expect(await range(255, 255)).toEqual([255]);
      expect(await range(100, 255)).toEqual([...bytes.subarray(100)]);
      expect(await range(200, 10_000)).toEqual([...bytes.subarray(200)]); // end clamped to the last byte
    });

    it("answers null for a missing key", async () => {
      expect(await store.get(`${prefix}missing`)).toBeNull();
      expect(await store.get(`${prefix}missing`, { start: 0, end: 9 })).toBeNull();
      expect(await store.stat(`${prefix}missing`)).toBeNull();
    });

    it("deletes idempotently", async () => {
      const key = `${prefix}doomed`;
      await store.put(key, Readable.from([Buffer.from("x")]));
      await store.delete(key);
      expect(await store.stat(key)).toBeNull();
      expect(await store.get(key)).toBeNull();
      await expect(store.delete(key)).resolves.toBeUndefined();
      await expect(store.delete(`${prefix}never-existed`)).resolves.toBeUndefined();
    });

    it("lists a prefix in key order, page by page", async () => {
      // Folders and flat names interleave (`a/b` < `a0`); no key is also the folder of another.
      // Names with a byte below `/` next to a folder (`a-b` vs `a/b`) are left out: s3rver lists
      // folder-first there, unlike S3; facade keys (fixed-length UUIDs) never meet that case.
      const names = ["a0", "a/b", "c", "a1", "b/c/d", "a/a", "b0"];
      for (const keyName of names) {
        await store.put(`${prefix}list/${keyName}`, Readable.from([Buffer.from(keyName)]));
      }
      await store.put(`${prefix}listed/not-this`, Readable.from([Buffer.from("x")]));
      await store.put(`${prefix}other/nor-this`, Readable.from([Buffer.from("x")]));
      const expected = names.map((keyName) => `${prefix}list/${keyName}`).sort(byteOrder);

      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list(`${prefix}list/`, { cursor, limit: 2 });
        expect(page.items.length).toBeLessThanOrEqual(2);
        pages.push(page.items.map((item) => item.key));
        cursor = page.nextCursor ?? undefined;
      } while (cursor && pages.length < 20);
      expect(pages.flat()).toEqual(expected);
      expect(pages.length).toBeGreaterThan(1);

      const whole = await store.list(`${prefix}list/`);
      expect(whole).toMatchObject({ nextCursor: null });
      expect(whole.items.map((item) => item.key)).toEqual(expected);
      expect(whole.items.find((item) => item.key.endsWith("/b/c/d"))).toMatchObject({ size: 5 });

      // A prefix is a string prefix, not only a folder.
      const partial = await store.list(`${prefix}list/a`);
      expect(partial.items.map((item) => item.key)).toEqual(
        ["a/a", "a/b", "a0", "a1"].map((keyName) => `${prefix}list/${keyName}`),
      );
      expect((await store.list(`${prefix}nothing/`)).items).toEqual([]);
    });

    it("rejects with the body's error and leaves nothing when the body fails", async () => {
      for (const failAfter of [1024, 7 * MiB]) {
        const key = `${prefix}broken-${failAfter}`;
        const failure = new Error(`body failed after ${failAfter} bytes`);
        await expect(store.put(key, generatedBody(bigSize, { failAfter, error: failure }))).rejects.toBe(
          failure,
        );
        expect(await store.stat(key)).toBeNull();
        expect(await store.get(key)).toBeNull();
      }
      expect((await store.list(prefix)).items).toEqual([]);
    });

    it("keeps the old bytes when an overwrite fails mid-stream", async () => {
      const key = `${prefix}kept`;
      await store.put(key, Readable.from([Buffer.from("original")]));
      const failure = new Error("client went away");
      await expect(store.put(key, generatedBody(MiB, { failAfter: 4096, error: failure }))).rejects.toBe(
        failure,
      );
      expect((await readAll(await store.get(key))).toString()).toBe("original");
    });

    it("replaces the bytes on overwrite", async () => {
      const key = `${prefix}overwritten`;
      await store.put(key, Readable.from([Buffer.from("first version")]));
      await store.put(key, Readable.from([Buffer.from("second, longer version")]));
      expect((await readAll(await store.get(key))).toString()).toBe("second, longer version");
      await store.put(key, Readable.from([Buffer.from("3rd")]));
      expect((await readAll(await store.get(key))).toString()).toBe("3rd");
      expect(await store.stat(key)).toMatchObject({ size: 3 });
    });

    it("writes different keys concurrently", async () => {
      const keys = Array.from({ length: 8 }, (_, index) => `${prefix}parallel/${index}`);
      const sizes = await Promise.all(
        keys.map((key, index) => store.put(key, generatedBody(100_000 + index, { seed: index }))),
      );
      expect(sizes.map((result) => result.size)).toEqual(keys.map((_, index) => 100_000 + index));
      for (const [index, key] of keys.entries()) {
        const digest = createHash("sha256").update(await readAll(await store.get(key)));
        expect(digest.digest("hex")).toBe(generatedDigest(100_000 + index, index));
      }
    });

    it("enforces ifNotExists exactly when it declares conditionalCreate", async () => {
      const key = `${prefix}once`;
      expect(store.capabilities.conditionalCreate).toBe(fixture.capabilities.conditionalCreate);
      if (!store.capabilities.conditionalCreate) {
        // Never a silent overwrite: a store that cannot enforce it refuses the request.
        await expect(
          store.put(key, Readable.from([Buffer.from("x")]), { ifNotExists: true }),
        ).rejects.toThrow(/conditionalCreate/);
        expect(await store.stat(key)).toBeNull();
        return;
      }
      expect(await store.put(key, Readable.from([Buffer.from("first")]), { ifNotExists: true })).toEqual({
        size: 5,
      });
      await expect(
        store.put(key, Readable.from([Buffer.from("second")]), { ifNotExists: true }),
      ).rejects.toBeInstanceOf(FileExistsError);
      expect((await readAll(await store.get(key))).toString()).toBe("first");

      // Two creators racing for one new key: exactly one wins, the other gets FileExistsError.
      const raced = `${prefix}raced`;
      const outcomes = await Promise.allSettled(
        ["left", "right"].map((text) =>
          store.put(raced, Readable.from([Buffer.from(text)]), { ifNotExists: true }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
      const rejected = outcomes.find((outcome) => outcome.status === "rejected");
      expect(rejected?.reason).toBeInstanceOf(FileExistsError);
      expect(["left", "right"]).toContain((await readAll(await store.get(raced))).toString());
    });
  });
}

/** Deterministic bytes, different in every chunk so that reordered or repeated chunks show. */
function chunkAt(index: number, seed: number): Buffer {
  const chunk = Buffer.allocUnsafe(chunkSize);
  for (let offset = 0; offset < chunkSize; offset++)
    chunk[offset] = (offset * 31 + index * 7 + seed * 13) & 0xff;
  return chunk;
}

/**
 * A body produced on demand (backpressure respected, never held whole). With `failAfter`, the
 * stream is destroyed with `error` once that many bytes have been handed out.
 */
export function generatedBody(
  size: number,
  options: { seed?: number; failAfter?: number; error?: Error } = {},
): Readable {
  let sent = 0;
  let index = 0;
  return new Readable({
    read() {
      if (options.failAfter !== undefined && sent >= options.failAfter) {
        this.destroy(options.error ?? new Error("body failed"));
        return;
      }
      if (sent >= size) {
        this.push(null);
        return;
      }
      const chunk = chunkAt(index++, options.seed ?? 0).subarray(0, Math.min(chunkSize, size - sent));
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

function generatedDigest(size: number, seed = 0): string {
  const digest = createHash("sha256");
  for (let offset = 0, index = 0; offset < size; offset += chunkSize, index++) {
    digest.update(chunkAt(index, seed).subarray(0, Math.min(chunkSize, size - offset)));
  }
  return digest.digest("hex");
}

/** Test-side only: the small bodies the assertions compare. */
export async function readAll(stream: Readable | null): Promise<Buffer> {
  if (!stream) throw new Error("expected a stream, got null");
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
