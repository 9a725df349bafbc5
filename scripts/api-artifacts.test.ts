import fs from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { artifactPaths, renderApiArtifacts } from "./api-artifacts";

describe("generated API artifacts", () => {
  it("docs/openapi.json and the web client schema match the server's routes (run `npm run generate:api`)", async () => {
    const rendered = await renderApiArtifacts();
    expect(await fs.readFile(artifactPaths.openapi, "utf8")).toBe(rendered.openapi);
    expect(await fs.readFile(artifactPaths.schema, "utf8")).toBe(rendered.schema);
  });

  it("describes every route as OpenAPI 3.1", async () => {
    const document = JSON.parse((await renderApiArtifacts()).openapi);
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/healthz",
        "/readyz",
        "/api/auth/signup",
        "/api/auth/login",
        "/api/auth/api-keys/{id}",
        "/api/agents",
        "/api/agents/{id}",
        "/api/agents/{id}/runs",
        "/api/agents/runs/{run_id}",
      ]),
    );
  });
});
