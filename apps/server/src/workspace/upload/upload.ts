import { randomUUID } from "node:crypto";
import { pipeline, type Readable } from "node:stream";
import { AppError } from "../../errors";
import { isStorageFull } from "../../fs-errors";
import { decideMimeType, HEAD_BYTES } from "../mime";
import { nameOf } from "../virtual-path";
import { userKeyPrefix, type WorkspaceEnv } from "../workspace-env";
import { ensureWorkspace, findLiveFileByPath } from "../workspace-rows";
import { type CommitOutcome, commitUpload, fileExists } from "./commit-upload";
import { openUpload, releaseUpload } from "./reservations";
import { createReserver, quotaExceeded } from "./reserver";
import { splitHead } from "./split-head";
import { fileTooLarge, UploadMeter } from "./upload-meter";

export type UploadRequest = {
  /** Canonical virtual path. */
  path: string;
  body: Readable;
  overwrite: boolean;
  /**
   * The size when known: `exact` (tools) lets limit and quota fail before a byte is read; an upper
   * bound (a request's Content-Length) is claimed up front when it fits, saving round trips.
   */
  sizeHint?: { bytes: number; exact: boolean };
  metadata?: Record<string, string | number | boolean | null>;
};

/**
 * Streams one file into the store (docs/design.md §7): limit and quota enforced as bytes arrive, the type
 * decided from the first bytes, sha256 computed on the way; then the row is published. Any
 * failure leaves no row, no blob and no reservation behind.
 */
export async function uploadFile(
  env: WorkspaceEnv,
  userId: string,
  request: UploadRequest,
): Promise<CommitOutcome> {
  const { db, store, limits } = env;
  const workspace = await ensureWorkspace(db, userId);
  const hint = request.sizeHint;
  // Cheap refusals first, before a byte of the body is read.
  if (!request.overwrite && (await findLiveFileByPath(db, workspace.id, request.path))) {
    request.body.destroy();
    throw fileExists(request.path);
  }
  if (hint?.exact && hint.bytes > limits.maxFileBytes) {
    request.body.destroy();
    throw fileTooLarge(limits.maxFileBytes);
  }

  const storageKey = `${userKeyPrefix(userId)}${randomUUID()}`;
  const uploadId = await openUpload(db, workspace.id, storageKey);
  try {
    const reserver = createReserver({
      db,
      uploadId,
      defaultQuota: limits.quotaBytes,
      maxFileBytes: limits.maxFileBytes,
    });
    if (hint && !(await reserver.tryClaim(hint.bytes)) && hint.exact) throw quotaExceeded();

    const meter = new UploadMeter(limits.maxFileBytes, reserver);
    // pipeline: a failing source errors the meter, and a destroyed meter releases the source.
    pipeline(request.body, meter, () => {});
    const { head, complete, body } = await splitHead(meter, HEAD_BYTES);
    const mimeType = await decideMimeType(head, nameOf(request.path), complete);
    await store.put(storageKey, body, { contentType: mimeType });

    const outcome = await commitUpload(db, {
      workspaceId: workspace.id,
      uploadId,
      path: request.path,
      name: nameOf(request.path),
      storageKey,
      mimeType,
      sizeBytes: meter.bytes,
      sha256: meter.digest(),
      overwrite: request.overwrite,
      metadata: request.metadata ?? {},
    });
    if (outcome.kind === "overwritten") {
      // After the swap: a reader holding the old key may still be streaming it on object stores,
      // and a failure here only leaves an orphan for gc.
      await store.delete(outcome.replacedKey).catch((error: unknown) => {
        env.log.warn({ err: error, key: outcome.replacedKey }, "old version not deleted; gc will sweep it");
      });
    }
    return outcome;
  } catch (error) {
    request.body.destroy();
    await store.delete(storageKey).catch((cause: unknown) => {
      env.log.warn({ err: cause, key: storageKey }, "failed upload's blob not deleted; gc will sweep it");
    });
    await releaseUpload(db, uploadId).catch((cause: unknown) => {
      env.log.warn({ err: cause, uploadId }, "reservation not released; gc will expire it");
    });
    // A full disk is the server's state, not a bug: 507, so clients know to try later or elsewhere.
    if (isStorageFull(error)) {
      throw new AppError("insufficient_storage", "the server's storage is full", {}, { cause: error });
    }
    throw error;
  }
}
