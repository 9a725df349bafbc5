import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import { sendMessage, sessionIdOf, signUp, waitForIdle } from "./chat-helpers";

const SECRET = "e2e-webhook-secret";

/**
 * The external agent generator (AGENT_GENERATOR_URL), played by the test: it records each request
 * and answers 202; the test later completes the operation through the signed webhook, as the
 * service would, while no tab is open.
 */
const requests: Array<{ operation_id: string; goal: string; callback_url: string }> = [];
const generator = http.createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => (body += chunk));
  request.on("end", () => {
    requests.push(JSON.parse(body));
    response.writeHead(202).end();
  });
});
await new Promise<void>((resolve) => generator.listen(0, "127.0.0.1", resolve));
const generatorUrl = `http://127.0.0.1:${(generator.address() as AddressInfo).port}/generate`;

/** numbers → parse → chart → output: what the service "generated". */
const chartGraph = {
  nodes: [
    { id: "numbers", block: "agent_input", input: { name: "numbers", default: "3, 1, 4" } },
    { id: "parse", block: "parse_numbers" },
    { id: "chart", block: "chart_png", input: { title: "Generated" } },
    { id: "out", block: "agent_output", input: { name: "chart" } },
  ],
  links: [
    { from: { node: "numbers", output: "value" }, to: { node: "parse", input: "text" } },
    { from: { node: "parse", output: "numbers" }, to: { node: "chart", input: "values" } },
    { from: { node: "chart", output: "image" }, to: { node: "out", input: "value" } },
  ],
};

async function completeThroughWebhook(callbackUrl: string, body: unknown) {
  const raw = JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", SECRET).update(`${timestamp}.${raw}`).digest("hex");
  return fetch(callbackUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-copilot-timestamp": timestamp,
      "x-copilot-signature": `sha256=${signature}`,
    },
    body: raw,
  });
}

describe.skipIf(inject("e2eSkipReason") !== "")(
  "operations: an agent generated while the tab is closed",
  () => {
    const t = useBrowserApp({
      env: {
        OFFLINE_MODEL_DELAY_MS: "0",
        OPERATIONS_WEBHOOK_SECRET: SECRET,
        AGENT_GENERATOR_URL: generatorUrl,
      },
    });
    afterAll(() => new Promise<void>((resolve) => generator.close(() => resolve())));

    it("shows the running operation, survives closing the tab, then shows the result, the continuation and a runnable agent", async () => {
      await signUp(t.context, t.app.baseUrl);
      await t.page.goto("/chat");
      await sendMessage(t.page, "generate an agent that makes a bar chart of 3,1,4");
      await t.page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
      const sessionId = sessionIdOf(t.page);

      // The card shows the operation running, with its steps, and the chat is free again.
      const card = t.page.getByTestId("operation-card");
      await card.waitFor();
      await t.page.locator('[data-testid="operation-card"][data-status="running"]').waitFor();
      await card.getByText("delegated", { exact: true }).waitFor();
      await t.page.getByTestId("operation-cancel").waitFor();
      await waitForIdle(t.page);
      await expect.poll(() => requests.length).toBe(1);
      const request = requests[0];
      if (!request) throw new Error("the generator service was not called");
      expect(request.goal).toBe("makes a bar chart of 3,1,4");

      // Close the tab; the service finishes while nobody watches.
      await t.page.close();
      const answer = await completeThroughWebhook(request.callback_url, {
        success: true,
        result: { name: "Generated chart", description: "Charts numbers.", graph: chartGraph },
      });
      expect(answer.status).toBe(202);

      // Later, the chat shows the finished operation, the continuation and the agent.
      const page = await t.context.newPage();
      await page.goto(`/chat/${sessionId}`);
      await page
        .locator('[data-testid="operation-card"][data-status="completed"]')
        .waitFor({ timeout: 30_000 });
      // The continuation, streamed by a worker after the completion: "The agent **Generated chart** is ready…".
      await page.getByText(/The agent Generated chart is ready/).waitFor({ timeout: 30_000 });
      const graph = page.getByTestId("operation-card").getByTestId("agent-graph");
      await graph.waitFor();
      await expect.poll(() => graph.getByTestId("agent-node").count()).toBe(4);

      // Run it from the chat: the chart appears through the image route.
      await page.getByTestId("operation-card").getByTestId("agent-run").click();
      const chart = page.locator(
        '[data-testid="agent-card"] [data-output-name="chart"] img[src^="/api/workspace/files/"]',
      );
      await chart.waitFor({ timeout: 30_000 });
      await expect
        .poll(() => chart.evaluate((image: HTMLImageElement) => image.naturalWidth))
        .toBeGreaterThan(0);

      // And on the Agents page.
      await page.getByRole("link", { name: "Open in Agents" }).click();
      await page.waitForURL(/\/agents\?agent=/);
      await page.getByTestId("agent-graph").waitFor();
      // Run it there too and see its chart.
      await page.getByTestId("agent-run").click();
      const run = page.getByTestId("agent-run-item").first();
      await run.locator('[data-testid="run-status"][data-status="completed"]').waitFor({ timeout: 30_000 });
      await run.locator('[data-output-name="chart"] img[src^="/api/workspace/files/"]').waitFor();
    });

    it("cancels a running operation from its card", async () => {
      await signUp(t.context, t.app.baseUrl);
      await t.page.goto("/chat");
      await sendMessage(t.page, "generate an agent that makes a qr code of hello");
      await t.page.locator('[data-testid="operation-card"][data-status="running"]').waitFor();
      await t.page.getByTestId("operation-cancel").click();
      await t.page.locator('[data-testid="operation-card"][data-status="cancelled"]').waitFor();
      // After a reload the card still says so (the state is the server's).
      await t.page.reload();
      await t.page
        .locator('[data-testid="operation-card"][data-status="cancelled"]')
        .waitFor({ timeout: 30_000 });
    });
  },
);
