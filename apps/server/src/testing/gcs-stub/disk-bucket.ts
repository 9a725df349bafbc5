import { randomUUID } from "node:crypto";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import path from "node:path";

/**
 * One bucket of the GCS stub. Bytes live on disk, one file per object generation; only the small
 * metadata index is in memory. Replacing a generation is a synchronous map update, so concurrent
 * finalizations and their preconditions behave as on GCS (one wins, the other gets 412).
 */
export type StubObject = {
  name: string;
  generation: string;
  size: number;
  contentType: string;
  md5Hash: string;
  crc32c: string;
  updated: Date;
  file: string;
};

export type Finished = { file: string; size: number; contentType: string; md5Hash: string; crc32c: string };

let lastGeneration = 0;
/** Generations are microsecond timestamps on GCS; strictly increasing here. */
function nextGeneration(): string {
  lastGeneration = Math.max(lastGeneration + 1, Date.now() * 1000);
  return String(lastGeneration);
}

export class DiskBucket {
  private readonly objects = new Map<string, StubObject>();

  constructor(
    readonly name: string,
    private readonly dir: string,
  ) {}

  get(name: string): StubObject | undefined {
    return this.objects.get(name);
  }

  /** `ifGenerationMatch`: "0" means "must not exist", any other value the current generation. */
  preconditionHolds(name: string, ifGenerationMatch: string | undefined): boolean {
    if (ifGenerationMatch === undefined) return true;
    return (this.objects.get(name)?.generation ?? "0") === ifGenerationMatch;
  }

  /** Publishes a finished upload as the object's new generation, or null when the precondition fails. */
  async commit(
    name: string,
    finished: Finished,
    ifGenerationMatch: string | undefined,
  ): Promise<StubObject | null> {
    const generation = nextGeneration();
    const file = path.join(this.dir, `${generation}-${randomUUID()}`);
    await rename(finished.file, file);
    // Checked after the only await, so no other commit can slip in between check and update.
    if (!this.preconditionHolds(name, ifGenerationMatch)) {
      await rm(file, { force: true });
      return null;
    }
    const previous = this.objects.get(name);
    const object = { ...finished, name, generation, updated: new Date(), file };
    this.objects.set(name, object);
    // Readers that already opened the old generation keep their descriptor (POSIX unlink).
    if (previous) await rm(previous.file, { force: true });
    return object;
  }

  async delete(name: string): Promise<boolean> {
    const object = this.objects.get(name);
    if (!object) return false;
    this.objects.delete(name);
    await rm(object.file, { force: true });
    return true;
  }

  /** Opens the current generation; retries when a concurrent overwrite removed the file it looked up. */
  async open(name: string): Promise<{ object: StubObject; handle: FileHandle } | null> {
    for (;;) {
      const object = this.objects.get(name);
      if (!object) return null;
      try {
        return { object, handle: await open(object.file, "r") };
      } catch (error) {
        if (!(error instanceof Error && "code" in error && error.code === "ENOENT")) throw error;
      }
    }
  }

  /** Names in UTF-8 byte order, as GCS lists them; the page token is the last name returned. */
  list(prefix: string, maxResults: number, pageToken: string | undefined) {
    const after = pageToken ? Buffer.from(pageToken, "base64url").toString() : undefined;
    const names = [...this.objects.keys()]
      .filter((name) => name.startsWith(prefix) && (after === undefined || compare(name, after) > 0))
      .sort(compare);
    const page = names.slice(0, maxResults);
    const more = names.length > page.length;
    return {
      items: page.map((name) => this.objects.get(name)!),
      nextPageToken: more ? Buffer.from(page[page.length - 1]).toString("base64url") : undefined,
    };
  }

  /** The object resource (`storage#object`), numbers as strings like the real API. */
  resource(object: StubObject) {
    const id = `${this.name}/${object.name}/${object.generation}`;
    return {
      kind: "storage#object",
      id,
      selfLink: `/storage/v1/b/${this.name}/o/${encodeURIComponent(object.name)}`,
      name: object.name,
      bucket: this.name,
      generation: object.generation,
      metageneration: "1",
      contentType: object.contentType,
      storageClass: "STANDARD",
      size: String(object.size),
      md5Hash: object.md5Hash,
      crc32c: object.crc32c,
      etag: Buffer.from(id).toString("base64"),
      timeCreated: object.updated.toISOString(),
      updated: object.updated.toISOString(),
    };
  }
}

function compare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
