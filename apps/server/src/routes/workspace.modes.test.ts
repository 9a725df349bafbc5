import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";
import { parse as parseDisposition } from "content-disposition";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderQrPng } from "../blocks/render/qr-code";
import { runSecuritySuite } from "../testing/security-suite";
import { createTestApp, modeAvailable, type TestApp, type TestUser } from "../testing/test-app";
import { blobKeys, fileForm, multipartBody, workspaceState } from "../testing/workspace-fixtures";

const available = await modeAvailable();

/** Polls `condition` (no fixed sleeps) until it holds or 10 s pass. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition did not hold within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const MAX_FILE = 100_000;
const QUOTA = 262_144;

describe.skipIf(!available)("workspace REST", () => {
  let t: TestApp;
  let owner: TestUser;
  let stranger: TestUser;
  const owned: Record<string, string> = {};
  let png: Uint8Array;

  beforeAll(async () => {
    t = await createTestApp({
      env: { WORKSPACE_MAX_FILE_BYTES: String(MAX_FILE), WORKSPACE_QUOTA_BYTES: String(QUOTA) },
    });
    owner = await t.signup();
    stranger = await t.signup();
    png = await renderQrPng("owned");
    owned.id = (await upload(owner, "/owned/qr.png", png)).json().id;
  });
  afterAll(() => t?.close());

  function upload(
    who: TestUser,
    path: string | null,
    content: Uint8Array | string,
    options: { overwrite?: boolean; type?: string; filename?: string } = {},
  ) {
    const form = fileForm(options.filename ?? "upload.bin", content, options.type);
    const query = new URLSearchParams();
    if (path !== null) query.set("path", path);
    if (options.overwrite) query.set("overwrite", "true");
    return t.app.inject({
      method: "POST",
      url: `/api/workspace/files?${query}`,
      headers: { ...who.headers, ...form.headers },
      payload: form.payload,
    });
  }
  const connections = () =>
    new Promise<number>((resolve, reject) =>
      t.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
    );
  const get = (who: TestUser, url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: "GET", url, headers: { ...who.headers, ...headers } });

  const uploadForm = fileForm("a.txt", "hello");
  runSecuritySuite("workspace", () => ({ t, owner, stranger, owned }), [
    { method: "GET", url: () => "/api/workspace", ownsResource: false },
    { method: "GET", url: () => "/api/workspace/files", ownsResource: false },
    {
      method: "POST",
      url: () => "/api/workspace/files?path=/security.txt",
      payload: uploadForm.payload,
      headers: uploadForm.headers,
      ownsResource: false,
    },
    { method: "GET", url: (o) => `/api/workspace/files/${o.id}` },
    { method: "GET", url: (o) => `/api/workspace/files/${o.id}/download` },
    { method: "GET", url: (o) => `/api/workspace/files/${o.id}/image` },
    { method: "POST", url: (o) => `/api/workspace/files/${o.id}/restore` },
    { method: "DELETE", url: (o) => `/api/workspace/files/${o.id}` },
    { method: "GET", url: () => "/api/workspace/trash", ownsResource: false },
    { method: "DELETE", url: () => "/api/workspace/trash", ownsResource: false },
  ]);

  it("keeps the owner's file intact through the security suite", async () => {
    const response = await get(owner, `/api/workspace/files/${owned.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ path: "/owned/qr.png", mime_type: "image/png", version: 1 });
  });

  it("uploads (201), describes, lists and reports usage", async () => {
    const user = await t.signup();
    const created = await upload(user, "/notes/today.md", "# Today\n", { type: "image/png" });
    expect(created.statusCode).toBe(201);
    const file = created.json();
    expect(file).toMatchObject({
      name: "today.md",
      path: "/notes/today.md",
      mime_type: "text/markdown", // the client said image/png: ignored
      size_bytes: 8,
      sha256: createHash("sha256").update("# Today\n").digest("hex"),
      version: 1,
      reference: `workspace://${file.id}#text/markdown`,
    });
    expect((await get(user, `/api/workspace/files/${file.id}`)).json()).toEqual(file);
    // Listed with the chat that made it: none for a file the user uploaded.
    expect((await get(user, "/api/workspace/files")).json()).toEqual({
      items: [{ ...file, chat: null }],
      next_cursor: null,
    });
    expect((await get(user, "/api/workspace")).json()).toEqual({
      used_bytes: 8,
      quota_bytes: QUOTA,
      file_count: 1,
      trash_bytes: 0,
      trash_count: 0,
    });
  });

  it("takes the path from a form field before the file, else from the file name", async () => {
    const user = await t.signup();
    const form = multipartBody([
      { kind: "field", name: "path", value: "/from-field/x.txt" },
      { kind: "file", name: "file", filename: "ignored.txt", content: "x" },
    ]);
    const fromField = await t.app.inject({
      method: "POST",
      url: "/api/workspace/files",
      headers: { ...user.headers, ...form.headers },
      payload: form.payload,
    });
    expect(fromField.statusCode).toBe(201);
    expect(fromField.json().path).toBe("/from-field/x.txt");
    const fromName = await upload(user, null, "y", { filename: "named.txt" });
    expect(fromName.json().path).toBe("/named.txt");
  });

  it("overwrites only when asked: 409 file_exists, then 200 with the same id and version 2", async () => {
    const user = await t.signup();
    const first = (await upload(user, "/doc.txt", "one")).json();
    const conflict = await upload(user, "/doc.txt", "two");
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error).toMatchObject({ code: "file_exists" });
    const second = await upload(user, "/doc.txt", "three", { overwrite: true });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ id: first.id, version: 2, size_bytes: 5 });
    expect((await get(user, `/api/workspace/files/${first.id}/download`)).body).toBe("three");
    expect(await blobKeys(t.fileStore, user.id)).toHaveLength(1);
  });

  it("refuses bad input with its code and leaves nothing behind", async () => {
    const user = await t.signup();
    const cases: Array<
      [label: string, response: Promise<{ statusCode: number; json(): unknown }>, number, string]
    > = [
      ["parent segment", upload(user, "../up.txt", "x"), 400, "invalid_path"],
      ["CR/LF in the name", upload(user, "/a\r\nSet-Cookie: x.txt", "x"), 400, "invalid_path"],
      ["RTL override", upload(user, "/cod\u202Etxt.exe", "x"), 400, "invalid_path"],
      ["too large", upload(user, "/big.bin", Buffer.alloc(MAX_FILE + 1)), 413, "file_too_large"],
      [
        "not multipart",
        t.app.inject({
          method: "POST",
          url: "/api/workspace/files?path=/x.txt",
          headers: { ...user.headers, "content-type": "application/json" },
          payload: { file: "x" },
        }),
        415,
        "unsupported_media_type",
      ],
      [
        "wrong part name",
        (() => {
          const form = multipartBody([{ kind: "file", name: "upload", filename: "x.txt", content: "x" }]);
          return t.app.inject({
            method: "POST",
            url: "/api/workspace/files?path=/x.txt",
            headers: { ...user.headers, ...form.headers },
            payload: form.payload,
          });
        })(),
        400,
        "bad_request",
      ],
    ];
    for (const [label, pending, status, code] of cases) {
      const response = await pending;
      expect({ label, status: response.statusCode, body: response.json() }).toMatchObject({
        label,
        status,
        body: { error: { code } },
      });
    }
    expect(await workspaceState(t.deps.db, user.id)).toEqual({ used: 0, reserved: 0, uploads: 0, rows: 0 });
    expect(await blobKeys(t.fileStore, user.id)).toEqual([]);
  });

  it("answers 413 over real HTTP while the client is still sending, long before the body ends", async () => {
    const user = await t.signup();
    const base = await t.listen();
    const boundary = "----copilot-stream";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.bin"\r\n\r\n`;
    const total = 1024 * 1024 * 1024; // what the client would send if nobody stopped it
    const chunk = Buffer.alloc(64 * 1024, 7);
    const outcome = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const request = httpRequest(`${base}/api/workspace/files?path=/huge.bin`, {
        method: "POST",
        headers: { ...user.headers, "content-type": `multipart/form-data; boundary=${boundary}` },
      });
      request.on("response", (response) => {
        answered = true;
        let body = "";
        response.on("data", (data: Buffer) => {
          body += data;
        });
        response.on("end", () => {
          resolve({ status: response.statusCode ?? 0, body, sent });
          request.destroy();
        });
      });
      request.on("error", (error) => {
        if (!answered) reject(error);
      });
      request.write(head);
      const pump = () => {
        while (!answered && sent < total) {
          sent += chunk.length;
          if (!request.write(chunk)) {
            request.once("drain", pump);
            return;
          }
        }
        if (!answered) request.end(`\r\n--${boundary}--\r\n`);
      };
      pump();
    });
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body).error.code).toBe("file_too_large");
    // The answer came long before the gigabyte: what the client pumps meanwhile is socket buffers
    // plus ~1 GB/s of loopback for as long as the answer takes (38 MB seen on a loaded CI machine),
    // so the bound is a fraction of the body, not a latency.
    expect(outcome.sent).toBeLessThan(total / 8);
    // The refused request's connection is closed, not left paused forever.
    await until(async () => (await connections()) === 0);
    expect(await workspaceState(t.deps.db, user.id)).toEqual({ used: 0, reserved: 0, uploads: 0, rows: 0 });
    expect(await blobKeys(t.fileStore, user.id)).toEqual([]);
  });

  it("lets exactly the uploads that fit win when five race for the quota", async () => {
    const user = await t.signup();
    const size = 80_000; // three fit in the quota (with their requests' overhead), four do not
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) => upload(user, `/race/${i}.bin`, Buffer.alloc(size, i))),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([201, 201, 201, 413, 413]);
    for (const response of responses.filter((r) => r.statusCode === 413)) {
      expect(response.json().error.code).toBe("quota_exceeded");
    }
    expect(await workspaceState(t.deps.db, user.id)).toEqual({
      used: 3 * size,
      reserved: 0,
      uploads: 0,
      rows: 3,
    });
    expect(await blobKeys(t.fileStore, user.id)).toHaveLength(3);
  });

  describe("download", () => {
    let user: TestUser;
    let text: { id: string; sha256: string };
    const body = "0123456789abcdef";
    beforeAll(async () => {
      user = await t.signup();
      text = (await upload(user, "/range.txt", body)).json();
    });
    const download = (headers: Record<string, string> = {}) =>
      get(user, `/api/workspace/files/${text.id}/download`, headers);

    it("is an attachment in a sandbox, never sniffed, with the sha256 as ETag", async () => {
      const response = await download();
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(body);
      expect(response.headers).toMatchObject({
        "content-type": "text/plain; charset=utf-8",
        "content-length": "16",
        "x-content-type-options": "nosniff",
        "content-security-policy": "sandbox",
        etag: `"${text.sha256}"`,
        "accept-ranges": "bytes",
      });
      expect(String(response.headers["content-disposition"])).toMatch(/^attachment; /);
    });

    it("answers 304 to a matching If-None-Match, weak or in a list", async () => {
      for (const tag of [`"${text.sha256}"`, `W/"${text.sha256}"`, `"other", "${text.sha256}"`, "*"]) {
        const response = await download({ "if-none-match": tag });
        expect(response.statusCode).toBe(304);
        expect(response.body).toBe("");
      }
      expect((await download({ "if-none-match": '"stale"' })).statusCode).toBe(200);
    });

    it("serves ranges (206), refuses unsatisfiable ones (416) and ignores what it cannot honour", async () => {
      const cases: Array<[range: string, status: number, content: string, contentRange?: string]> = [
        ["bytes=0-3", 206, "0123", "bytes 0-3/16"],
        ["bytes=10-", 206, "abcdef", "bytes 10-15/16"],
        ["bytes=-4", 206, "cdef", "bytes 12-15/16"],
        ["bytes=14-99", 206, "ef", "bytes 14-15/16"],
        ["bytes=0-0", 206, "0", "bytes 0-0/16"],
        ["bytes=16-", 416, "", "bytes */16"],
        ["bytes=99-100", 416, "", "bytes */16"],
        ["bytes=0-1,4-5", 200, body],
        ["bytes=5-2", 200, body],
        ["items=0-3", 200, body],
      ];
      for (const [range, status, content, contentRange] of cases) {
        const response = await download({ range });
        expect({ range, status: response.statusCode, body: response.body }).toEqual({
          range,
          status,
          body: content,
        });
        if (contentRange) expect(response.headers["content-range"]).toBe(contentRange);
      }
      const stale = await download({ range: "bytes=0-3", "if-range": '"old"' });
      expect(stale.statusCode).toBe(200);
      const current = await download({ range: "bytes=0-3", "if-range": `"${text.sha256}"` });
      expect(current.statusCode).toBe(206);
    });
  });

  it("names downloads safely: quotes, semicolons, backslashes and non-ASCII survive, nothing breaks out", async () => {
    const user = await t.signup();
    const names = [
      'say "hi"; x=1.txt',
      "résumé – 日本語.txt",
      "back\\slash.txt",
      "100% done.txt",
      "semi;colon.txt",
    ];
    for (const name of names) {
      const uploaded = await upload(user, `/names/${name}`, "x");
      // A backslash is refused in paths; the others are stored verbatim.
      if (name.includes("\\")) {
        expect(uploaded.json().error.code).toBe("invalid_path");
        continue;
      }
      expect(uploaded.statusCode).toBe(201);
      const response = await get(user, `/api/workspace/files/${uploaded.json().id}/download`);
      const header = String(response.headers["content-disposition"]);
      expect(header).not.toMatch(/[\r\n]/);
      expect(header).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[\x21-\x7e]+$/);
      const fallback = /filename="([^"]*)"/.exec(header)?.[1] ?? "";
      expect(fallback).not.toMatch(/[";\\%]/);
      const parsed = parseDisposition(header);
      expect(parsed.type).toBe("attachment");
      expect(parsed.parameters.filename).toBe(name); // filename* wins and decodes to the exact name
    }
  });

  describe("nothing uploaded renders on our origin except raster images", () => {
    let user: TestUser;
    beforeAll(async () => {
      user = await t.signup();
    });

    const html = "<!doctype html><html><body><script>alert(document.cookie)</script></body></html>";
    const svgScript = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    const svgXml = `<?xml version="1.0"?>${svgScript}`;

    it.each([
      ["an HTML file", "/x/page.html", html, "text/html"],
      ["HTML named .png", "/x/page.png", html, "application/octet-stream"],
      ["an SVG with a script", "/x/evil.svg", svgScript, "image/svg+xml"],
      ["an SVG with an XML declaration", "/x/evil2.svg", svgXml, "application/xml"],
    ])(
      "%s: the image route refuses it (415), the download is sandboxed plain text or bytes",
      async (_label, path, content, mime) => {
        const file = (await upload(user, path, content, { type: "image/png" })).json();
        expect(file.mime_type).toBe(mime);
        const image = await get(user, `/api/workspace/files/${file.id}/image`);
        expect(image.statusCode).toBe(415);
        expect(image.json().error.code).toBe("unsupported_media_type");
        const download = await get(user, `/api/workspace/files/${file.id}/download`);
        expect(download.statusCode).toBe(200);
        expect(download.headers["content-type"]).toMatch(
          /^(text\/plain; charset=utf-8|application\/octet-stream)$/,
        );
        expect(download.headers["content-disposition"]).toMatch(/^attachment;/);
        expect(download.headers["content-security-policy"]).toBe("sandbox");
        expect(download.headers["x-content-type-options"]).toBe("nosniff");
      },
    );

    it("a PNG with HTML appended is served inline only as image/png, sandboxed and unsniffed", async () => {
      const polyglot = Buffer.concat([Buffer.from(png), Buffer.from(html)]);
      const file = (await upload(user, "/x/poly.html", polyglot, { type: "text/html" })).json();
      expect(file.mime_type).toBe("image/png");
      const image = await get(user, `/api/workspace/files/${file.id}/image`);
      expect(image.statusCode).toBe(200);
      expect(image.headers).toMatchObject({
        "content-type": "image/png",
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'; sandbox",
        "cache-control": "private",
      });
      expect(image.rawPayload.equals(polyglot)).toBe(true);
      const download = await get(user, `/api/workspace/files/${file.id}/download`);
      expect(download.headers["content-disposition"]).toMatch(/^attachment;/);
      expect(download.headers["content-security-policy"]).toBe("sandbox");
    });
  });

  it("trashes, restores (409 when the path was reused) and lists by prefix, session, name and cursor", async () => {
    const user = await t.signup();
    const a = (await upload(user, "/t/a.txt", "aaaa")).json();
    const deleted = await t.app.inject({
      method: "DELETE",
      url: `/api/workspace/files/${a.id}`,
      headers: user.headers,
    });
    expect(deleted.statusCode).toBe(204);
    expect((await get(user, `/api/workspace/files/${a.id}`)).statusCode).toBe(404);
    expect((await get(user, `/api/workspace/files/${a.id}/download`)).statusCode).toBe(404);
    expect((await get(user, "/api/workspace")).json()).toMatchObject({ used_bytes: 4, file_count: 0 });

    const reuse = (await upload(user, "/t/a.txt", "bb")).json();
    const restore = () =>
      t.app.inject({ method: "POST", url: `/api/workspace/files/${a.id}/restore`, headers: user.headers });
    expect((await restore()).statusCode).toBe(409);
    await t.app.inject({ method: "DELETE", url: `/api/workspace/files/${reuse.id}`, headers: user.headers });
    const restored = await restore();
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ id: a.id, path: "/t/a.txt" });

    const session = (
      await t.app.inject({ method: "POST", url: "/api/chat/sessions", headers: user.headers, payload: {} })
    ).json().id as string;
    const folder = await t.deps.files.chatFolder({ userId: user.id, sessionId: session });
    await upload(user, `${folder}chart.png`, png);
    await upload(user, "/t/b.txt", "b");
    const bySession = (await get(user, `/api/workspace/files?session_id=${session}`)).json();
    expect(bySession.items.map((file: { name: string }) => file.name)).toEqual(["chart.png"]);
    const byName = (await get(user, "/api/workspace/files?q=CHART")).json();
    expect(byName.items).toHaveLength(1);
    const page1 = (await get(user, "/api/workspace/files?prefix=/t/&limit=1")).json();
    const page2 = (
      await get(user, `/api/workspace/files?prefix=/t/&limit=1&cursor=${page1.next_cursor}`)
    ).json();
    expect([...page1.items, ...page2.items].map((file: { name: string }) => file.name).sort()).toEqual([
      "a.txt",
      "b.txt",
    ]);
    expect(page2.next_cursor).toBeNull();
    expect((await get(user, "/api/workspace/files?limit=201")).statusCode).toBe(400);
    expect((await get(user, "/api/workspace/files?cursor=bogus")).json().error.code).toBe("invalid_cursor");
  });
});
