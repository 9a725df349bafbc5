import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import type { AgentProgress } from "@copilot/protocol";
import { MockLanguageModelV3 } from "ai/test";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentBlocks } from "../../blocks/library/catalog";
import { createBlockRegistry } from "../../blocks/registry";
import { renderQrPng } from "../../blocks/render/qr-code";
import { createOfflineModel } from "../../chat/offline-model";
import { createTestApp, type TestApp } from "../../testing/test-app";
import { bodyOf, codeOf, readAll } from "../../testing/workspace-fixtures";
import { runGraph } from "../engine";
import { validateGraph } from "../validate-graph";
import { generateAgent } from "./generate-agent";
import { agentJsonPath, saveGeneratedAgent } from "./save-generated";
import { planFromTemplate, TEMPLATE_IDS, type TemplateId } from "./templates";

const offline = createOfflineModel({ delayMs: 0 });

/** One row per template: a goal, the blocks of its graph in order, and what its run answers. */
const cases: Array<{
  goal: string;
  template: TemplateId;
  blocks: string[];
  output: (outputs: Record<string, unknown>) => void;
}> = [
  {
    goal: "make a bar chart of 3,1,4 titled Sales and saves it",
    template: "bar_chart",
    blocks: ["agent_input", "parse_numbers", "chart_png", "agent_output", "write_file"],
    output: (outputs) => expect(outputs.chart).toMatch(/^workspace:\/\/[0-9a-f-]{36}#image\/png$/),
  },
  {
    goal: "make a QR code for https://example.org/menu",
    template: "qr_code",
    blocks: ["agent_input", "qr_code", "agent_output"],
    output: (outputs) => expect(outputs.qr_code).toMatch(/^workspace:\/\/.*#image\/png$/),
  },
  {
    goal: "draw a picture of a lighthouse at night",
    template: "image",
    blocks: ["agent_input", "ai_image_generator", "agent_output"],
    output: (outputs) => expect(outputs.image).toMatch(/^workspace:\/\/.*#image\/png$/),
  },
  {
    goal: "compute the average and total of 10, 20, 30 and save it to reports/numbers.txt",
    template: "number_stats",
    blocks: ["agent_input", "parse_numbers", "number_stats", "text_template", "agent_output", "write_file"],
    output: (outputs) =>
      expect(outputs.report).toBe("Count: 3\nSum: 60\nAverage: 20\nMedian: 20\nMin: 10\nMax: 30"),
  },
  {
    goal: "sort 5, 2, 9 largest first",
    template: "sort_numbers",
    blocks: ["agent_input", "parse_numbers", "sort_numbers", "join_text", "agent_output"],
    output: (outputs) => expect(outputs.sorted).toBe("9, 5, 2"),
  },
  {
    goal: "count the words in notes.txt",
    template: "file_word_count",
    blocks: ["agent_input", "read_file", "text_stats", "text_template", "agent_output"],
    output: (outputs) => expect(outputs.counts).toBe("notes.txt: 4 words, 2 lines, 15 characters"),
  },
  {
    goal: "summarize notes.txt",
    template: "summarize_file",
    blocks: ["agent_input", "read_file", "text_template", "model_call", "agent_output"],
    output: (outputs) => expect(outputs.summary).toMatch(/offline/i),
  },
  {
    goal: 'explain "why the sky is blue" simply',
    template: "summarize_text",
    blocks: ["agent_input", "text_template", "model_call", "agent_output"],
    output: (outputs) => expect(outputs.answer).toMatch(/offline/i),
  },
  {
    goal: "tell me a joke about databases",
    template: "ask_model",
    blocks: ["agent_input", "model_call", "agent_output"],
    output: (outputs) => expect(outputs.answer).toMatch(/offline/i),
  },
];

describe("agent generator, offline templates", () => {
  let t: TestApp;
  let stub: Server;
  let registry: ReturnType<typeof createBlockRegistry>;
  beforeAll(async () => {
    t = await createTestApp({ mode: "embedded" });
    const png = await renderQrPng("generated image");
    // A stand-in for an OpenAI-compatible images API, for the image template.
    stub = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ data: [{ b64_json: Buffer.from(png).toString("base64") }] }));
    });
    await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
    const baseUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/v1`;
    registry = createBlockRegistry(agentBlocks({ baseUrl, apiKey: undefined, model: "img" }));
  });
  afterAll(async () => {
    stub?.closeAllConnections();
    await new Promise((resolve) => stub?.close(resolve));
    await t?.close();
  });

  it("has a case for every template", () => {
    expect(cases.map((row) => row.template).sort()).toEqual([...TEMPLATE_IDS].sort());
  });

  it.each(cases)("$template: deterministic, valid, and it runs", async (row) => {
    const progress: AgentProgress[] = [];
    const made = await generateAgent(
      row.goal,
      { blocks: registry, model: offline },
      { onProgress: (event) => void progress.push(event) },
    );
    expect(made.source).toEqual({ kind: "template", template: row.template });
    expect(made.graph.nodes.map((node) => node.block)).toEqual(row.blocks);
    expect(made.graph).toEqual(planFromTemplate(row.goal).graph);
    expect(validateGraph(made.graph, registry)).toEqual([]);
    expect(progress.map((event) => event.step)).toEqual(["plan", "build", "validate"]);

    const user = await t.signup();
    await t.deps.files.upload({ userId: user.id }, { path: "/notes.txt", body: bodyOf("one two\nthree ☃") });
    const runId = randomUUID();
    const outcome = await runGraph(made.graph, registry, {
      inputs: {},
      context: {
        userId: user.id,
        sessionId: null,
        runId,
        files: t.deps.files,
        model: offline,
        mediaFolder: `/agents/generated/runs/${runId}/`,
        log: pino({ level: "silent" }),
      },
    });
    expect(outcome.error).toBeNull();
    expect(outcome.status).toBe("completed");
    row.output(outcome.outputs);
  });

  it("fills the template from the goal: numbers, title, save path", () => {
    const chart = planFromTemplate("generate an agent that makes a bar chart of 3,1,4 and saves it").graph;
    expect(chart.nodes.find((node) => node.id === "numbers")?.input.default).toBe("3,1,4");
    expect(chart.nodes.find((node) => node.id === "save")?.input.path).toBe("charts/chart.png");
    const titled = planFromTemplate("plot 1 2 titled Q3 revenue and keep it as out/q3.png").graph;
    expect(titled.nodes.find((node) => node.id === "chart")?.input.title).toBe("Q3 revenue");
    expect(titled.nodes.find((node) => node.id === "save")?.input.path).toBe("out/q3.png");
    expect(planFromTemplate("sort 3 1 2").graph.nodes.some((node) => node.block === "write_file")).toBe(
      false,
    );
  });

  it("saves a generated agent with its JSON in the workspace", async () => {
    const user = await t.signup();
    const goal = "make a bar chart of 3,1,4 and saves it";
    const made = await generateAgent(goal, { blocks: registry, model: offline });
    const saved = await saveGeneratedAgent(
      { db: t.deps.db, blocks: registry, files: t.deps.files },
      user.id,
      goal,
      made,
    );
    expect(saved.agent).toMatchObject({ name: made.name, version: 1, graph: made.graph });
    expect(saved.file).toMatchObject({ path: agentJsonPath(saved.agent.id), mime_type: "application/json" });
    const located = await t.deps.files.locate({ userId: user.id }, { id: saved.file.id });
    const json = JSON.parse((await readAll(await located.read())).toString("utf8"));
    expect(json).toMatchObject({
      id: saved.agent.id,
      goal,
      source: { kind: "template", template: "bar_chart" },
      graph: made.graph,
    });
  });

  it("refuses an empty goal", async () => {
    expect(await codeOf(generateAgent("  ", { blocks: registry, model: offline }))).toBe("bad_request");
  });
});

/** A model whose `generateText` calls answer these JSON texts in turn, keeping each call's prompt. */
function jsonModel(answers: unknown[]) {
  const prompts: string[] = [];
  const model = new MockLanguageModelV3({
    doGenerate: async (options: LanguageModelV3CallOptions) => {
      prompts.push(JSON.stringify(options.prompt));
      const answer = answers[Math.min(prompts.length - 1, answers.length - 1)];
      return {
        content: [{ type: "text", text: JSON.stringify(answer) }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: {
          inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 1, text: 1, reasoning: 0 },
        },
        warnings: [],
      };
    },
  });
  return { model, prompts };
}

const plan = {
  name: "Chart maker",
  description: "Charts numbers.",
  steps: ["read numbers", "draw the chart"],
  blocks: ["parse_numbers", "chart_png", "no_such_block"],
};
const nodes = [
  {
    id: "numbers",
    block: "agent_input",
    inputs: [
      { name: "name", value_json: '"numbers"' },
      { name: "default", value_json: '"3,1,4"' },
    ],
  },
  { id: "parse", block: "parse_numbers", inputs: [] },
  { id: "chart", block: "chart_png", inputs: [{ name: "title", value_json: '"Demo"' }] },
  { id: "out", block: "agent_output", inputs: [{ name: "name", value_json: '"chart"' }] },
];
const goodLinks = [
  { from_node: "numbers", from_output: "value", to_node: "parse", to_input: "text", to_key: null },
  { from_node: "parse", from_output: "numbers", to_node: "chart", to_input: "values", to_key: null },
  { from_node: "chart", from_output: "image", to_node: "out", to_input: "value", to_key: null },
];
// Feeds the text straight into the chart: a string where a list of numbers belongs.
const badLinks = [{ ...goodLinks[0], to_node: "chart", to_input: "values" }, ...goodLinks.slice(2)];

describe("agent generator, with a model", () => {
  const registry = createBlockRegistry(agentBlocks(null));

  it("plans, builds, and repairs an invalid graph with the validation errors fed back", async () => {
    const { model, prompts } = jsonModel([plan, { nodes, links: badLinks }, { nodes, links: goodLinks }]);
    const progress: AgentProgress[] = [];
    const made = await generateAgent(
      "chart 3,1,4",
      { blocks: registry, model },
      { onProgress: (event) => void progress.push(event) },
    );
    expect(made).toMatchObject({ name: "Chart maker", source: { kind: "model", attempts: 2 } });
    expect(validateGraph(made.graph, registry)).toEqual([]);
    expect(made.graph.links).toHaveLength(3);
    expect(progress.map((event) => event.step)).toEqual([
      "plan",
      "pick_blocks",
      "build",
      "validate",
      "repair",
      "validate",
    ]);
    expect(progress[1]?.message).toBe("blocks: parse_numbers, chart_png, agent_input, agent_output");
    expect(prompts).toHaveLength(3);
    // The build prompt lists the picked blocks' schemas; the repair prompt names what was wrong.
    expect(prompts[1]).toContain("chart_png");
    expect(prompts[1]).not.toContain("qr_code:");
    expect(prompts[2]).toContain("string output does not fit list of number input");
    expect(prompts[2]).toContain("required input");
  });

  it("gives up after the bounded number of repairs with the last issues", async () => {
    const { model, prompts } = jsonModel([plan, { nodes, links: badLinks }]);
    const failure = generateAgent("chart", { blocks: registry, model, maxRepairs: 2 });
    const error = await failure.catch((reason: unknown) => reason);
    expect(await codeOf(Promise.reject(error))).toBe("bad_request");
    expect((error as Error).message).toMatch(/could not build a valid agent in 3 attempts/);
    expect(prompts).toHaveLength(4);
  });

  it("turns JSON that does not parse into an issue the model is told about", async () => {
    const broken = [{ ...nodes[0], inputs: [{ name: "name", value_json: "{not json" }] }, ...nodes.slice(1)];
    const { model, prompts } = jsonModel([
      plan,
      { nodes: broken, links: goodLinks },
      { nodes, links: goodLinks },
    ]);
    const made = await generateAgent("chart", { blocks: registry, model });
    expect(made.source).toEqual({ kind: "model", attempts: 2 });
    expect(prompts[2]).toContain("value_json is not valid JSON");
  });

  it("stops when cancelled", async () => {
    const { model } = jsonModel([plan]);
    const controller = new AbortController();
    controller.abort();
    await expect(
      generateAgent("chart", { blocks: registry, model }, { signal: controller.signal }),
    ).rejects.toThrow();
  });
});
