import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type GcsStub, startGcsStub } from "../../../testing/gcs-stub/server";
import { waitOptions } from "../../../testing/until";
import { generatedBody, runFileStoreContract } from "../file-store.contract";
import { createGcsFileStore } from "./gcs-file-store";

runFileStoreContract("gcs (stub)", async () => {
  const stub = await startGcsStub();
  return {
    store: createGcsFileStore({
      bucket: stub.bucket,
      apiEndpoint: stub.apiEndpoint,
      projectId: "copilot-test",
    }),
    capabilities: { conditionalCreate: true },
    teardown: async () => {
      try {
        // Checked here, after every contract test ran: the adapter used only implemented calls,
        // sent no credentials to the custom endpoint and left no upload request hanging.
        expect(stub.unhandled).toEqual([]);
        expect(stub.requests.filter((request) => request.authorized)).toEqual([]);
        expect(stub.inFlightUploads()).toBe(0);
      } finally {
        await stub.stop();
      }
    },
  };
});

describe("gcs file store: what the contract cannot see", () => {
  let stub: GcsStub;
  beforeAll(async () => {
    stub = await startGcsStub();
  });
  afterAll(() => stub.stop());

  it("cancels the upload session when the body fails, ending the streaming request", async () => {
    const store = createGcsFileStore({ bucket: stub.bucket, apiEndpoint: stub.apiEndpoint });
    const failure = new Error("client went away");
    await expect(
      store.put("cancelled", generatedBody(8 * 1024 * 1024, { failAfter: 3 * 1024 * 1024, error: failure })),
    ).rejects.toBe(failure);
    // The cancel ends the PUT from the server side; the stub notices once the request closes.
    await vi.waitFor(() => expect(stub.inFlightUploads()).toBe(0), waitOptions);
    expect(stub.requests.some((request) => request.method === "DELETE" && request.status === 499)).toBe(true);
    expect(await store.stat("cancelled")).toBeNull();
  });

  it("answers 501 to a call it does not implement, and records it", async () => {
    const response = await fetch(`${stub.apiEndpoint}/storage/v1/b/${stub.bucket}/iam`);
    expect(response.status).toBe(501);
    expect(stub.unhandled).toEqual([`GET /storage/v1/b/${stub.bucket}/iam`]);
    stub.unhandled.length = 0;
  });

  it("reports an unknown bucket as not ready", async () => {
    const store = createGcsFileStore({ bucket: "no-such-bucket", apiEndpoint: stub.apiEndpoint });
    expect(await store.ping()).toBe(false);
  });
});

// A real bucket, when one is configured: credentials come from the usual Google sources.
const realBucket = process.env.GCS_TEST_BUCKET;
if (realBucket) {
  runFileStoreContract(`gcs (bucket ${realBucket})`, async () => ({
    store: createGcsFileStore({
      bucket: realBucket,
      projectId: process.env.GCS_TEST_PROJECT_ID,
      keyFilename: process.env.GOOGLE_APPLICATION_CREDENTIALS,
    }),
    capabilities: { conditionalCreate: true },
  }));
} else {
  console.warn("\n[skip] GCS_TEST_BUCKET is not set: the contract against a real GCS bucket is skipped\n");
  it.skip("FileStore contract: gcs (real bucket) — set GCS_TEST_BUCKET", () => {});
}
