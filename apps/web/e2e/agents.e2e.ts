import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import { signUp } from "./chat-helpers";

/** numbers → parse → chart → output, and the chart saved at charts/e2e.png. */
const chartAgent = {
  name: "E2E chart",
  description: "Charts the given numbers",
  graph: {
    nodes: [
      { id: "numbers", block: "agent_input", input: { name: "numbers", default: "3, 1, 4" } },
      { id: "parse", block: "parse_numbers" },
      { id: "chart", block: "chart_png", input: { title: "E2E" } },
      { id: "out", block: "agent_output", input: { name: "chart" } },
      { id: "save", block: "write_file", input: { path: "charts/e2e.png" } },
    ],
    links: [
      { from: { node: "numbers", output: "value" }, to: { node: "parse", input: "text" } },
      { from: { node: "parse", output: "numbers" }, to: { node: "chart", input: "values" } },
      { from: { node: "chart", output: "image" }, to: { node: "out", input: "value" } },
      { from: { node: "chart", output: "image" }, to: { node: "save", input: "media" } },
    ],
  },
};

describe.skipIf(inject("e2eSkipReason") !== "")("agents page", () => {
  const t = useBrowserApp();

  it("shows an agent's graph, runs it, and shows its chart", async () => {
    const origin = t.app.baseUrl;
    await signUp(t.context, origin);
    const created = await t.context.request.post(`${origin}/api/agents`, {
      data: chartAgent,
      headers: { origin },
    });
    expect(created.status(), await created.text()).toBe(201);
    const agentId = ((await created.json()) as { id: string }).id;

    // The navigation leads to the page; the agent is listed and opens with its graph.
    await t.page.goto("/chat");
    await t.page.getByRole("link", { name: "Agents" }).first().click();
    await t.page.waitForURL("**/agents");
    await t.page.getByRole("button", { name: /^E2E chart/ }).click();
    expect(new URL(t.page.url()).searchParams.get("agent")).toBe(agentId);
    const graph = t.page.getByTestId("agent-graph");
    await graph.waitFor();
    await expect.poll(() => graph.getByTestId("agent-node").count()).toBe(5);

    // Node details on click.
    await graph.locator('[data-node-id="chart"]').click();
    const details = t.page.getByTestId("node-details");
    await details.getByText("chart_png").waitFor();
    await details.getByText(/bar chart/i).waitFor();

    // Run it with other numbers; the run completes and its chart shows inline through the image route.
    await t.page.getByRole("textbox", { name: "numbers", exact: true }).fill("5, 9, 2, 7");
    await t.page.getByTestId("agent-run").click();
    const run = t.page.getByTestId("agent-run-item").first();
    await run.locator('[data-testid="run-status"][data-status="completed"]').waitFor({ timeout: 30_000 });
    const image = run.locator('[data-output-name="chart"] img[src^="/api/workspace/files/"]');
    await image.waitFor();
    await expect
      .poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth))
      .toBeGreaterThan(0);
    await run.getByTestId("ai-cannot-see-badge").waitFor();
    // The graph shows how each node went.
    await expect.poll(() => graph.locator('[data-status="completed"]').count()).toBe(5);

    // The run's record says the same, and the chart was also saved where the graph asked.
    const runs = (await (await t.context.request.get(`${origin}/api/agents/${agentId}/runs`)).json()) as {
      items: Array<{ status: string; inputs: Record<string, string> }>;
    };
    expect(runs.items[0]).toMatchObject({ status: "completed", inputs: { numbers: "5, 9, 2, 7" } });
    const files = (await (
      await t.context.request.get(`${origin}/api/workspace/files?prefix=/charts/`)
    ).json()) as {
      items: Array<{ path: string; mime_type: string }>;
    };
    expect(files.items).toEqual([
      expect.objectContaining({ path: "/charts/e2e.png", mime_type: "image/png" }),
    ]);
  });

  it("searches and deletes agents", async () => {
    const origin = t.app.baseUrl;
    await signUp(t.context, origin);
    for (const name of ["Keep me", "Remove me"]) {
      const response = await t.context.request.post(`${origin}/api/agents`, {
        data: { ...chartAgent, name },
        headers: { origin },
      });
      expect(response.status()).toBe(201);
    }
    await t.page.goto("/agents");
    const list = t.page.getByRole("list", { name: "Agents" });
    await expect.poll(() => list.getByRole("listitem").count()).toBe(2);
    await t.page.getByLabel("Search agents").fill("remove");
    await expect.poll(() => list.getByRole("listitem").count()).toBe(1);
    await t.page.getByRole("button", { name: "Delete Remove me" }).click();
    await t.page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
    await t.page.getByText("No agents match “remove”").waitFor();
    await t.page.getByLabel("Search agents").fill("");
    await expect.poll(() => list.getByRole("listitem").count()).toBe(1);
    await list.getByText("Keep me").waitFor();
  });
});
