import type { Database } from "../../db/client";
import { AppError } from "../../errors";
import { reserve, touchUpload } from "./reservations";

/** Uploads claim quota ahead of their bytes in steps this large, so a big file costs few queries. */
const RESERVE_STEP_BYTES = 8 * 1024 * 1024;
/** A live upload marks its row at least this often, well inside gc's stale-upload window. */
const HEARTBEAT_MS = 5 * 60 * 1000;

export type Reserver = {
  /** What the upload holds so far. */
  readonly reserved: number;
  /** Makes sure the first `total` bytes are covered; throws `quota_exceeded` when they cannot be. */
  cover(total: number): Promise<void>;
  /** Claims `bytes` up front when they fit (an upper bound, e.g. the request's length); false if not. */
  tryClaim(bytes: number): Promise<boolean>;
};

export const quotaExceeded = () => new AppError("quota_exceeded", "the workspace quota would be exceeded");

export function createReserver(options: {
  db: Database;
  uploadId: string;
  defaultQuota: number;
  maxFileBytes: number;
}): Reserver {
  let reserved = 0;
  let lastWrite = Date.now();
  const gone = () => new Error("the upload's reservation was released (expired by gc)");

  async function claim(bytes: number): Promise<boolean> {
    const outcome = await reserve(options.db, options.uploadId, bytes, options.defaultQuota);
    if (outcome.ok) {
      reserved += bytes;
      lastWrite = Date.now();
      return true;
    }
    if (outcome.reason === "gone") throw gone();
    return false;
  }

  return {
    get reserved() {
      return reserved;
    },
    async cover(total) {
      if (total <= reserved) {
        if (Date.now() - lastWrite < HEARTBEAT_MS) return;
        lastWrite = Date.now();
        if (!(await touchUpload(options.db, options.uploadId))) throw gone();
        return;
      }
      const need = total - reserved;
      // Claim a step ahead while that fits, else exactly what arrived: near the quota's edge a file
      // that fits must not fail because of the step size.
      const ahead = Math.min(Math.max(need, RESERVE_STEP_BYTES), options.maxFileBytes - reserved);
      if (ahead > need && (await claim(ahead))) return;
      if (await claim(need)) return;
      throw quotaExceeded();
    },
    async tryClaim(bytes) {
      const wanted = Math.min(bytes, options.maxFileBytes) - reserved;
      return wanted <= 0 || claim(wanted);
    },
  };
}
