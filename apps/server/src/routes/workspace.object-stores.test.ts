import { createHash } from "node:crypto";
import type { ChatSessionDetail } from "@copilot/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGcsStub } from "../testing/gcs-stub/server";
import { startS3rver } from "../testing/s3rver";
import { openSse } from "../testing/sse-client";
import { createTestApp, type TestApp, type TestUser } from "../testing/test-app";
import { fileForm } from "../testing/workspace-fixtures";

type Backend = { env: Record<string, string>; stop(): Promise<void> };

/**
 * The whole app configured for an object store the way an operator does it (STORAGE_DRIVER and its
 * variables), on the embedded database: REST upload, ranged download, trash and restore, and a chart
 * made in a chat whose image is served from the bucket. The adapters' own contract suites are in
 * workspace/*-file-store.test.ts.
 */
const backends: Record<string, () => Promise<Backend>> = {
  "s3 (s3rver)": async () => {
    const server = await startS3rver();
    return {
      env: {
        STORAGE_DRIVER: "s3",
        S3_BUCKET: server.bucket,
        S3_REGION: server.region,
        S3_ENDPOINT: server.endpoint,
        S3_ACCESS_KEY_ID: server.accessKeyId,
        S3_SECRET_ACCESS_KEY: server.secretAccessKey,
        S3_FORCE_PATH_STYLE: "true",
      },
      stop: () => server.stop(),
    };
  },
  "gcs (stub)": async () => {
    const stub = await startGcsStub();
    return {
      env: { STORAGE_DRIVER: "gcs", GCS_BUCKET: stub.bucket, GCS_API_ENDPOINT: stub.apiEndpoint },
      stop: () => stub.stop(),
    };
  },
};

for (const [name, start] of Object.entries(backends)) {
  describe(`workspace on ${name}, configured from the environment`, () => {
    let backend: Backend;
    let t: TestApp;
    let user: TestUser;

    beforeAll(async () => {
      backend = await start();
      t = await createTestApp({ mode: "embedded", env: { ...backend.env, OFFLINE_MODEL_DELAY_MS: "0" } });
      user = await t.signup();
    });
    afterAll(async () => {
      await t?.close();
      await backend?.stop();
    });

    const get = (url: string, headers: Record<string, string> = {}) =>
      t.app.inject({ method: "GET", url, headers: { ...user.headers, ...headers } });

    it("reports the driver in /readyz", async () => {
      const ready = (await t.app.inject({ method: "GET", url: "/readyz" })).json();
      expect(ready.files).toEqual({ driver: backend.env.STORAGE_DRIVER, ok: true });
    });

    it("uploads, downloads whole and by range, trashes and restores", async () => {
      const content = "0123456789".repeat(1000);
      const form = fileForm("digits.txt", content);
      const created = await t.app.inject({
        method: "POST",
        url: "/api/workspace/files?path=/cloud/digits.txt",
        headers: { ...user.headers, ...form.headers },
        payload: form.payload,
      });
      expect(created.statusCode).toBe(201);
      const file = created.json();
      expect(file).toMatchObject({
        size_bytes: content.length,
        sha256: createHash("sha256").update(content).digest("hex"),
      });

      const whole = await get(`/api/workspace/files/${file.id}/download`);
      expect(whole.statusCode).toBe(200);
      expect(whole.body).toBe(content);
      const ranged = await get(`/api/workspace/files/${file.id}/download`, { range: "bytes=0-0" });
      expect(ranged.statusCode).toBe(206);
      expect(ranged.body).toBe("0");
      const tail = await get(`/api/workspace/files/${file.id}/download`, { range: "bytes=-5" });
      expect(tail.body).toBe("56789");

      const removed = await t.app.inject({
        method: "DELETE",
        url: `/api/workspace/files/${file.id}`,
        headers: user.headers,
      });
      expect(removed.statusCode).toBe(204);
      expect((await get(`/api/workspace/files/${file.id}/download`)).statusCode).toBe(404);
      const restored = await t.app.inject({
        method: "POST",
        url: `/api/workspace/files/${file.id}/restore`,
        headers: user.headers,
      });
      expect(restored.statusCode).toBe(200);
      expect((await get(`/api/workspace/files/${file.id}/download`)).body).toBe(content);
    });

    it("saves a chart made in a chat to the bucket and serves it through the image route", async () => {
      const base = await t.listen();
      const sessionId = (
        await t.app.inject({ method: "POST", url: "/api/chat/sessions", headers: user.headers, payload: {} })
      ).json().id;
      const turn = await openSse(`${base}/api/chat/sessions/${sessionId}/stream`, {
        method: "POST",
        headers: { ...user.headers, "content-type": "application/json" },
        body: JSON.stringify({ message: "chart 3,1,4 titled Demo" }),
      });
      await turn.ended;
      expect(turn.done).toBe(true);
      const session: ChatSessionDetail = (await get(`/api/chat/sessions/${sessionId}`)).json();
      const saved = JSON.stringify(session.messages.at(-1));
      const reference = /workspace:\/\/([0-9a-f-]{36})#image\/png/.exec(saved);
      expect(reference).not.toBeNull();
      expect(saved).not.toContain("data:");
      const image = await get(`/api/workspace/files/${reference?.[1]}/image`);
      expect(image.statusCode).toBe(200);
      expect(image.headers["content-type"]).toBe("image/png");
      expect(image.rawPayload.subarray(1, 4).toString()).toBe("PNG");
    });
  });
}
