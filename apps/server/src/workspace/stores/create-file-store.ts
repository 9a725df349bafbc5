import type { StorageConfig } from "../../config";
import type { FileStore } from "./file-store";
import { createGcsFileStore } from "./gcs/gcs-file-store";
import { createLocalFileStore } from "./local/local-file-store";
import { createS3FileStore } from "./s3/s3-file-store";

/** The one place a storage driver becomes a `FileStore`; a new driver is a compile error here. */
export function createFileStore(config: StorageConfig): FileStore {
  switch (config.driver) {
    case "local":
      return createLocalFileStore({ dir: config.dir });
    case "s3": {
      const { driver: _driver, ...options } = config;
      return createS3FileStore(options);
    }
    case "gcs":
      return createGcsFileStore({
        bucket: config.bucket,
        projectId: config.projectId,
        apiEndpoint: config.apiEndpoint,
        keyFilename: config.keyFilename,
      });
    default: {
      const unknown: never = config;
      throw new Error(`unknown storage driver ${JSON.stringify(unknown)}`);
    }
  }
}
