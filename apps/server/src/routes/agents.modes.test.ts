import type { AgentGraphInput, AgentRun } from "@copilot/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatedModel } from "../testing/scripted-model";
import { runSecuritySuite } from "../testing/security-suite";
import { createTestApp, modeAvailable, type TestApp, type TestUser } from "../testing/test-app";

const available = await modeAvailable();

/** Polls `condition` (no fixed sleeps) until it holds or 15 s pass. */
async function until<T>(read: () => Promise<T>, holds: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (holds(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition did not hold within 15 s: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const link = (from: string, output: string, to: string, input: string) => ({
  from: { node: from, output },
  to: { node: to, input },
});

const chartGraph = (): AgentGraphInput => ({
  nodes: [
    {
      id: "numbers",
      block: "agent_input",
      input: { name: "numbers", description: "Numbers", default: "3,1,4" },
    },
    { id: "parse", block: "parse_numbers" },
    { id: "chart", block: "chart_png", input: { title: "Demo" } },
    { id: "out", block: "agent_output", input: { name: "chart" } },
  ],
  links: [
    link("numbers", "value", "parse", "text"),
    link("parse", "numbers", "chart", "values"),
    link("chart", "image", "out", "value"),
  ],
});

/** Two model calls in a row: the first can be held, so a cancel lands between them. */
const twoCallGraph = (): AgentGraphInput => ({
  nodes: [
    { id: "first", block: "model_call", input: { prompt: "one" } },
    { id: "second", block: "model_call" },
    { id: "out", block: "agent_output", input: { name: "answer" } },
  ],
  links: [link("first", "text", "second", "prompt"), link("second", "text", "out", "value")],
});

describe.skipIf(!available)("agents REST", () => {
  let t: TestApp;
  let other: TestApp;
  let owner: TestUser;
  let stranger: TestUser;
  const owned: Record<string, string> = {};
  const gated = gatedModel();

  beforeAll(async () => {
    t = await createTestApp({ model: gated.model });
    // A second "process" on the same database (and Redis prefix), for a cancel that comes from elsewhere.
    other = await createTestApp({ shareWith: t, model: gated.model });
    owner = await t.signup();
    stranger = await t.signup();
    owned.id = (await create(owner, { name: "Owned", graph: chartGraph() })).json().id;
    const run = await startRun(owner, owned.id);
    owned.runId = run.json().id;
    await waitForEnd(owner, owned.runId);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  const create = (user: TestUser, payload: object) =>
    t.app.inject({ method: "POST", url: "/api/agents", headers: user.headers, payload });
  const get = (user: TestUser, url: string) => t.app.inject({ method: "GET", url, headers: user.headers });
  const startRun = (user: TestUser, id: string, payload: object = {}) =>
    t.app.inject({ method: "POST", url: `/api/agents/${id}/runs`, headers: user.headers, payload });
  const readRun = async (user: TestUser, runId: string) =>
    (await get(user, `/api/agents/runs/${runId}`)).json() as AgentRun;
  const waitForEnd = (user: TestUser, runId: string) =>
    until(
      () => readRun(user, runId),
      (run) => !["queued", "running"].includes(run.status),
    );

  /** The app whose worker executes the run now. */
  const running = (runId: string): TestApp => {
    const found = [t, other].find((app) => app.deps.agentRuns.has(runId));
    if (!found) throw new Error(`no process runs ${runId}`);
    return found;
  };

  it("creates an agent (201) at version 1 with its input fields", async () => {
    const response = await create(owner, { name: "  Chart  ", description: "Charts", graph: chartGraph() });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      name: "Chart",
      description: "Charts",
      version: 1,
      node_count: 4,
      inputs: [{ name: "numbers", description: "Numbers", default: "3,1,4" }],
      graph: { nodes: [{ id: "numbers" }, { id: "parse" }, { id: "chart" }, { id: "out" }] },
    });
    expect((await get(owner, `/api/agents/${response.json().id}`)).json()).toEqual(response.json());
  });

  it("refuses an invalid graph with 400 and one issue per broken rule", async () => {
    const graph = chartGraph();
    graph.links = [
      link("numbers", "value", "chart", "values"),
      link("chart", "image", "out", "value"),
      link("ghost", "x", "out", "value"),
    ];
    const response = await create(owner, { name: "Broken", graph });
    expect(response.statusCode).toBe(400);
    const body = response.json().error;
    expect(body.code).toBe("bad_request");
    expect(body.issues.map((found: { rule: string }) => found.rule)).toEqual([
      "incompatible_types",
      "unknown_node",
      "missing_input",
    ]);
    expect(body.issues[0]).toMatchObject({ node: "chart", field: "values" });
    expect(body.message).toContain('node "parse": required input "text"');
    const shapeless = await create(owner, { name: "x", graph: { nodes: [] } });
    expect(shapeless.statusCode).toBe(400);
  });

  it("lists the caller's agents newest first, searches, and pages with a cursor", async () => {
    const user = await t.signup();
    for (const name of ["Alpha report", "Beta chart", "Gamma chart"])
      await create(user, { name, graph: chartGraph() });
    const all = (await get(user, "/api/agents")).json();
    expect(all.items.map((agent: { name: string }) => agent.name)).toEqual([
      "Gamma chart",
      "Beta chart",
      "Alpha report",
    ]);
    expect(all.items[0]).not.toHaveProperty("graph");
    expect((await get(user, "/api/agents?q=CHART")).json().items).toHaveLength(2);
    expect((await get(user, "/api/agents?q=%25")).json().items).toHaveLength(0);
    const first = (await get(user, "/api/agents?limit=2")).json();
    expect(first.items).toHaveLength(2);
    const second = (await get(user, `/api/agents?limit=2&cursor=${first.next_cursor}`)).json();
    expect(second).toMatchObject({ items: [{ name: "Alpha report" }], next_cursor: null });
    expect((await get(user, "/api/agents?limit=201")).statusCode).toBe(400);
    expect((await get(user, "/api/agents?cursor=bogus")).json().error.code).toBe("invalid_cursor");
  });

  it("PATCH keeps the version unless the graph changes; a changed graph is a new version", async () => {
    const id = (await create(owner, { name: "Versioned", graph: chartGraph() })).json().id;
    const patch = (payload: object) =>
      t.app.inject({ method: "PATCH", url: `/api/agents/${id}`, headers: owner.headers, payload });
    expect((await patch({ name: "Renamed" })).json()).toMatchObject({ name: "Renamed", version: 1 });
    expect((await patch({ graph: chartGraph() })).json().version).toBe(1);
    const changed = chartGraph();
    (changed.nodes[2] as { input: Record<string, unknown> }).input.title = "New title";
    const patched = (await patch({ graph: changed })).json();
    expect(patched.version).toBe(2);
    expect(patched.graph.nodes[2].input.title).toBe("New title");
    const invalid = await patch({ graph: { nodes: [{ id: "x", block: "nope" }] } });
    expect(invalid.statusCode).toBe(400);
    expect((await patch({})).statusCode).toBe(400);
    expect((await get(owner, `/api/agents/${id}`)).json().version).toBe(2);

    // An older version still runs, and the run says which it ran.
    const old = await startRun(owner, id, { version: 1 });
    expect(old.statusCode).toBe(202);
    const ended = await waitForEnd(owner, old.json().id);
    expect(ended).toMatchObject({ status: "completed", version: 1 });
    expect((await startRun(owner, id, { version: 9 })).statusCode).toBe(404);
  });

  it("runs an agent: 202 at once, then per-node results, outputs and the chart in the workspace", async () => {
    const id = (await create(owner, { name: "Runner", graph: chartGraph() })).json().id;
    const response = await startRun(owner, id, { inputs: { numbers: "5, 2, 7" } });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({
      agent_id: id,
      version: 1,
      status: "queued",
      inputs: { numbers: "5, 2, 7" },
    });
    const run = await waitForEnd(owner, response.json().id);
    expect(run).toMatchObject({ status: "completed", error: null });
    expect(run.nodes.parse).toMatchObject({ status: "completed", output: { numbers: [5, 2, 7] } });
    expect(Object.values(run.nodes).every((node) => node.started_at && node.ended_at)).toBe(true);
    const chart = run.outputs.chart as string;
    expect(chart).toMatch(/^workspace:\/\/[0-9a-f-]{36}#image\/png$/);
    const fileId = chart.slice("workspace://".length, chart.indexOf("#"));
    const file = (await get(owner, `/api/workspace/files/${fileId}`)).json();
    expect(file.path).toBe(`/agents/${id}/runs/${run.id}/${file.name}`);
    const image = await get(owner, `/api/workspace/files/${fileId}/image`);
    expect(image.statusCode).toBe(200);
    expect(image.headers["content-type"]).toBe("image/png");

    const listed = (await get(owner, `/api/agents/${id}/runs`)).json();
    expect(listed.items.map((item: AgentRun) => item.id)).toEqual([run.id]);
  });

  it("refuses inputs the agent does not have, and missing ones without a default", async () => {
    const id = (await create(owner, { name: "Inputs", graph: chartGraph() })).json().id;
    const unknown = await startRun(owner, id, { inputs: { colour: "red" } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('no input "colour"');
    const graph = chartGraph();
    graph.nodes[0] = { id: "numbers", block: "agent_input", input: { name: "numbers" } };
    const strict = (await create(owner, { name: "No default", graph })).json().id;
    expect((await startRun(owner, strict)).json().error.message).toContain('missing input "numbers"');
    expect((await get(owner, `/api/agents/${strict}/runs`)).json().items).toHaveLength(0);
  });

  it("a failing node fails the run with its error; the nodes before it keep their results", async () => {
    const id = (await create(owner, { name: "Fails", graph: chartGraph() })).json().id;
    const run = await waitForEnd(
      owner,
      (await startRun(owner, id, { inputs: { numbers: "no numbers here" } })).json().id,
    );
    expect(run).toMatchObject({
      status: "failed",
      error: { code: "bad_request", message: "no numbers found in the text", node: "parse" },
    });
    expect(run.nodes.numbers).toMatchObject({ status: "completed", output: { value: "no numbers here" } });
    expect(run.nodes.parse?.status).toBe("failed");
    expect(run.nodes.chart?.status).toBe("skipped");
    expect(run.outputs).toEqual({});
  });

  it("cancel through this process stops the run at once; repeating it changes nothing", async () => {
    const id = (await create(owner, { name: "Cancel here", graph: twoCallGraph() })).json().id;
    const held = gated.hold();
    const runId = (await startRun(owner, id)).json().id;
    await held.reached;
    // With BullMQ either process's worker may have taken the job: cancel through the one running it.
    const here = running(runId);
    const cancel = () =>
      here.app.inject({ method: "POST", url: `/api/agents/runs/${runId}/cancel`, headers: owner.headers });
    const response = await cancel();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: "cancelled", error: { code: "cancelled" } });
    expect(response.json().nodes).toMatchObject({
      first: { status: "cancelled" },
      second: { status: "skipped" },
    });
    expect((await cancel()).json().status).toBe("cancelled");
  });

  it("cancel through another process stops the run between nodes", async () => {
    const id = (await create(owner, { name: "Cancel there", graph: twoCallGraph() })).json().id;
    const held = gated.hold();
    const runId = (await startRun(owner, id)).json().id;
    await held.reached;
    const there = running(runId) === t ? other : t;
    const response = await there.app.inject({
      method: "POST",
      url: `/api/agents/runs/${runId}/cancel`,
      headers: owner.headers,
    });
    // That process does not run it: the request is recorded and the run goes on to the end of its node.
    expect(response.json().status).toBe("running");
    held.open();
    const run = await waitForEnd(owner, runId);
    expect(run.status).toBe("cancelled");
    expect(run.nodes).toMatchObject({ first: { status: "completed" }, second: { status: "skipped" } });
  });

  it("deletes an agent with its runs", async () => {
    const id = (await create(owner, { name: "Doomed", graph: chartGraph() })).json().id;
    const runId = (await startRun(owner, id)).json().id;
    await waitForEnd(owner, runId);
    const response = await t.app.inject({
      method: "DELETE",
      url: `/api/agents/${id}`,
      headers: owner.headers,
    });
    expect(response.statusCode).toBe(204);
    expect((await get(owner, `/api/agents/${id}`)).statusCode).toBe(404);
    expect((await get(owner, `/api/agents/runs/${runId}`)).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: "DELETE", url: `/api/agents/${id}`, headers: owner.headers })).statusCode,
    ).toBe(404);
  });

  it("describes every block with its schemas", async () => {
    const blocks = (await get(owner, "/api/agents/blocks")).json().items as Array<{
      name: string;
      input_schema: { properties: object };
    }>;
    expect(blocks.map((block) => block.name)).toEqual(
      expect.arrayContaining([
        "agent_input",
        "agent_output",
        "text_template",
        "model_call",
        "json_pick",
        "parse_numbers",
        "number_stats",
        "sort_numbers",
        "read_file",
        "write_file",
        "chart_png",
        "qr_code",
        "svg_to_png",
        "ai_image_generator",
      ]),
    );
    expect(blocks.find((block) => block.name === "chart_png")?.input_schema.properties).toHaveProperty(
      "values",
    );
  });

  runSecuritySuite("agents", () => ({ t, owner, stranger, owned }), [
    { method: "GET", url: () => "/api/agents/blocks", ownsResource: false },
    { method: "GET", url: () => "/api/agents", ownsResource: false },
    {
      method: "POST",
      url: () => "/api/agents",
      payload: { name: "x", graph: chartGraph() },
      ownsResource: false,
    },
    { method: "GET", url: (o) => `/api/agents/${o.id}` },
    { method: "PATCH", url: (o) => `/api/agents/${o.id}`, payload: { name: "stolen" } },
    { method: "DELETE", url: (o) => `/api/agents/${o.id}` },
    { method: "POST", url: (o) => `/api/agents/${o.id}/runs`, payload: {} },
    { method: "GET", url: (o) => `/api/agents/${o.id}/runs` },
    { method: "GET", url: (o) => `/api/agents/runs/${o.runId}` },
    { method: "POST", url: (o) => `/api/agents/runs/${o.runId}/cancel` },
  ]);
});
