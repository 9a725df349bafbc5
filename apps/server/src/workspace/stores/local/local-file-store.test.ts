import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAll, runFileStoreContract } from "../file-store.contract";
import { createLocalFileStore, UnsafeKeyError } from "./local-file-store";

runFileStoreContract("local", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "copilot-local-store-"));
  return {
    store: createLocalFileStore({ dir: path.join(dir, "files") }),
    capabilities: { conditionalCreate: true },
    teardown: () => rm(dir, { recursive: true, force: true }),
  };
});

describe("local file store: listing order", () => {
  it("walks folders as `name/`, so keys come out in byte order like an object store's", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "copilot-local-order-"));
    const files = createLocalFileStore({ dir });
    const keys = ["a0", "a/b", "a-b", "a.c", "a/a/z", "a!"];
    for (const key of keys) await files.put(key, Readable.from([Buffer.from(key)]));
    const sorted = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(sorted).toEqual(["a!", "a-b", "a.c", "a/a/z", "a/b", "a0"]);
    expect((await files.list("")).items.map((item) => item.key)).toEqual(sorted);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await files.list("a", { cursor, limit: 1 });
      paged.push(...page.items.map((item) => item.key));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(sorted);
    await rm(dir, { recursive: true, force: true });
  });
});

describe("local file store: hostile keys and planted symlinks", () => {
  let base: string;
  let root: string;
  let outside: string;
  const store = () => createLocalFileStore({ dir: root });
  const body = (text: string) => Readable.from([Buffer.from(text)]);

  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), "copilot-local-attack-"));
    root = path.join(base, "files");
    outside = path.join(base, "outside");
    await mkdir(path.join(root, "u"), { recursive: true });
    await mkdir(outside);
    await writeFile(path.join(outside, "secret"), "top secret");
    // A symlinked folder and a symlinked file inside the root, both pointing outside it.
    await symlink(outside, path.join(root, "u", "evil-dir"));
    await symlink(path.join(outside, "secret"), path.join(root, "u", "evil-file"));
  });
  afterAll(() => rm(base, { recursive: true, force: true }));

  it.each([
    ["absolute", "/etc/passwd"],
    ["parent segment", "u/../../outside/secret"],
    ["dot segment", "u/./x"],
    ["backslash", "u\\..\\x"],
    ["NUL byte", "u/x\0y"],
    ["empty segment", "u//x"],
    ["trailing slash", "u/x/"],
    ["hidden temp folder", ".tmp/x"],
    ["empty key", ""],
  ])("rejects a key with %s", async (_label, key) => {
    const files = store();
    await expect(files.put(key, body("x"))).rejects.toBeInstanceOf(UnsafeKeyError);
    await expect(files.get(key)).rejects.toBeInstanceOf(UnsafeKeyError);
    await expect(files.stat(key)).rejects.toBeInstanceOf(UnsafeKeyError);
    await expect(files.delete(key)).rejects.toBeInstanceOf(UnsafeKeyError);
  });

  it("does not read, stat or delete through a symlinked folder", async () => {
    const files = store();
    await expect(files.get("u/evil-dir/secret")).rejects.toBeInstanceOf(UnsafeKeyError);
    await expect(files.get("u/evil-dir/secret", { start: 0, end: 3 })).rejects.toBeInstanceOf(UnsafeKeyError);
    await expect(files.stat("u/evil-dir/secret")).rejects.toBeInstanceOf(UnsafeKeyError);
    await expect(files.delete("u/evil-dir/secret")).rejects.toBeInstanceOf(UnsafeKeyError);
    expect(await readFile(path.join(outside, "secret"), "utf8")).toBe("top secret");
  });

  it("does not write through a symlinked folder", async () => {
    const files = store();
    await expect(files.put("u/evil-dir/planted", body("pwned"))).rejects.toBeInstanceOf(UnsafeKeyError);
    await expect(files.put("u/evil-dir/secret", body("pwned"))).rejects.toBeInstanceOf(UnsafeKeyError);
    await expect(files.put("u/evil-dir/new/deeper", body("pwned"))).rejects.toBeInstanceOf(UnsafeKeyError);
    expect((await readdir(outside)).sort()).toEqual(["secret"]);
    expect(await readFile(path.join(outside, "secret"), "utf8")).toBe("top secret");
  });

  it("does not read, overwrite or delete a symlinked file", async () => {
    const files = store();
    await expect(files.get("u/evil-file")).rejects.toBeInstanceOf(UnsafeKeyError);
    await expect(files.stat("u/evil-file")).rejects.toBeInstanceOf(UnsafeKeyError);
    await expect(files.put("u/evil-file", body("pwned"))).rejects.toBeInstanceOf(UnsafeKeyError);
    await expect(files.put("u/evil-file", body("pwned"), { ifNotExists: true })).rejects.toThrow(
      /already exists/,
    );
    await expect(files.delete("u/evil-file")).rejects.toBeInstanceOf(UnsafeKeyError);
    expect(await readFile(path.join(outside, "secret"), "utf8")).toBe("top secret");
  });

  it("lists neither symlinks nor what they point at", async () => {
    const files = store();
    await files.put("u/real", body("mine"));
    expect((await files.list("u/")).items.map((item) => item.key)).toEqual(["u/real"]);
    await expect(files.list("u/evil-dir/")).rejects.toBeInstanceOf(UnsafeKeyError);
    expect((await files.list("u/evil")).items).toEqual([]);
    expect((await readAll(await files.get("u/real"))).toString()).toBe("mine");
  });

  it("refuses a root-level .tmp swapped for a symlink", async () => {
    const other = path.join(base, "other-root");
    await mkdir(other);
    await symlink(outside, path.join(other, ".tmp"));
    const files = createLocalFileStore({ dir: other });
    await expect(files.put("u/x", body("x"))).rejects.toBeInstanceOf(UnsafeKeyError);
    expect(await files.ping()).toBe(false);
    expect((await readdir(outside)).sort()).toEqual(["secret"]);
  });

  it("leaves no temp file behind when a body fails", async () => {
    const files = store();
    const failing = new Readable({
      read() {
        this.destroy(new Error("boom"));
      },
    });
    await expect(files.put("u/failed", failing)).rejects.toThrow("boom");
    expect(await readdir(path.join(root, ".tmp"))).toEqual([]);
  });
});
