import type { WorkspaceFile } from "@copilot/protocol";
import { describeUploadError } from "./file-errors";
import { applyUploadAction, type UploadAction, type UploadItem } from "./upload-state";

export type UploadRequest = {
  file: Blob;
  path: string;
  overwrite: boolean;
  signal: AbortSignal;
  onProgress(loaded: number, total: number): void;
};

/** Sends one file; resolves with the stored file (and whether it replaced one), rejects otherwise. */
export type UploadTransport = (request: UploadRequest) => Promise<{ file: WorkspaceFile; replaced: boolean }>;

export type UploadQueue = {
  subscribe(listener: () => void): () => void;
  getSnapshot(): readonly UploadItem[];
  /** Queues files (each with the workspace path it goes to) and starts as many as allowed. */
  add(files: ReadonlyArray<{ file: File; path: string }>): void;
  /** After file_exists: send it again, replacing the existing file. */
  replace(id: string): void;
  retry(id: string): void;
  /** Cancels a running upload, or forgets a finished one. */
  dismiss(id: string): void;
  /** Forgets every finished upload. */
  clearFinished(): void;
};

/**
 * The uploads of one page, outside React so it is testable with a fake transport and survives
 * re-renders: at most `concurrency` files in flight (a folder of 200 photos must not open 200
 * connections), the rest wait their turn in order.
 */
export function createUploadQueue(options: {
  transport: UploadTransport;
  concurrency?: number;
  /** After each success: the caller refreshes the file list and usage. */
  onUploaded?(file: WorkspaceFile): void;
  newId?: () => string;
}): UploadQueue {
  const { transport, concurrency = 3 } = options;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const blobs = new Map<string, File>();
  const running = new Map<string, AbortController>();
  const listeners = new Set<() => void>();
  let items: readonly UploadItem[] = [];

  const dispatch = (action: UploadAction) => {
    items = applyUploadAction(items, action);
    for (const listener of listeners) listener();
  };

  async function run(item: UploadItem, file: File) {
    const controller = new AbortController();
    running.set(item.id, controller);
    dispatch({ type: "started", id: item.id });
    try {
      const result = await transport({
        file,
        path: item.path,
        overwrite: item.overwrite,
        signal: controller.signal,
        onProgress: (loaded, total) => {
          if (!controller.signal.aborted) dispatch({ type: "progressed", id: item.id, loaded, total });
        },
      });
      blobs.delete(item.id);
      dispatch({ type: "succeeded", id: item.id, file: result.file, replaced: result.replaced });
      options.onUploaded?.(result.file);
    } catch (error) {
      // Dismissed while running: the item is gone already, nothing to report.
      if (!controller.signal.aborted) {
        dispatch({ type: "failed", id: item.id, problem: describeUploadError(error, item.name) });
      }
    } finally {
      running.delete(item.id);
      pump();
    }
  }

  function pump() {
    for (const item of items) {
      if (running.size >= concurrency) return;
      if (item.status.kind !== "queued" || running.has(item.id)) continue;
      const file = blobs.get(item.id);
      if (file) void run(item, file);
    }
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => items,
    add(files) {
      if (files.length === 0) return;
      const added = files.map(({ file, path }) => {
        const id = newId();
        blobs.set(id, file);
        return { id, name: file.name, size: file.size, path };
      });
      dispatch({ type: "added", items: added });
      pump();
    },
    replace(id) {
      dispatch({ type: "requeued", id, overwrite: true });
      pump();
    },
    retry(id) {
      const item = items.find((candidate) => candidate.id === id);
      dispatch({ type: "requeued", id, overwrite: item?.overwrite ?? false });
      pump();
    },
    dismiss(id) {
      running.get(id)?.abort();
      blobs.delete(id);
      dispatch({ type: "dismissed", id });
    },
    clearFinished() {
      dispatch({ type: "cleared" });
    },
  };
}
