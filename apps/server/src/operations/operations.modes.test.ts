import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ChatSessionDetail, Operation, StreamEntry } from "@copilot/protocol";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "../agents/agent-store";
import { agents, operations } from "../db/schema";
import { sumGraph } from "../testing/agent-fixtures";
import { gatedModel } from "../testing/scripted-model";
import { runSecuritySuite } from "../testing/security-suite";
import { chunkTypes, openSse } from "../testing/sse-client";
import { createTestApp, modeAvailable, type TestApp, type TestUser } from "../testing/test-app";
import { until } from "../testing/until";
import { startOperation } from "./start-operation";
import { signWebhook } from "./webhook-signature";

const available = await modeAvailable();
const SECRET = "test-webhook-secret";
const GOAL = "makes a bar chart of 3,1,4 and saves it";

type Part = { type: string; toolCallId?: string; output?: Record<string, unknown>; text?: string };
type Detail = Omit<ChatSessionDetail, "messages"> & {
  messages: Array<{ id: string; role: string; parts: Part[] }>;
};

/** An external agent generator the test controls: records each request and answers 202. */
async function fakeGenerator() {
  const requests: Array<{ operation_id: string; goal: string; callback_url: string }> = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      requests.push(JSON.parse(body));
      response.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/generate`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function client(t: TestApp, base: string) {
  const newSession = (who: TestUser) => t.newSession(who);
  const say = async (who: TestUser, sessionId: string, message: string) => {
    const sse = await t.postTurn(who, sessionId, { message });
    await sse.ended;
    return sse.entries;
  };
  const detail = async (who: TestUser, sessionId: string) =>
    (
      await t.app.inject({ method: "GET", url: `/api/chat/sessions/${sessionId}`, headers: who.headers })
    ).json() as Detail;
  const operation = async (who: TestUser, id: string) =>
    (
      await t.app.inject({ method: "GET", url: `/api/chat/operations/${id}`, headers: who.headers })
    ).json() as Operation;
  const replay = async (who: TestUser, taskId: string) => {
    const sse = await openSse(`${base}/api/chat/tasks/${taskId}/stream?last_message_id=0-0`, {
      headers: who.headers,
    });
    await sse.ended;
    return sse.entries;
  };
  const webhook = (id: string, body: unknown, options: { secret?: string; timestamp?: number } = {}) => {
    const raw = JSON.stringify(body);
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    return t.app.inject({
      method: "POST",
      url: `/api/chat/operations/${id}/complete`,
      headers: {
        "content-type": "application/json",
        "x-copilot-timestamp": timestamp,
        "x-copilot-signature": signWebhook(options.secret ?? SECRET, timestamp, raw),
      },
      payload: raw,
    });
  };
  return { newSession, say, detail, operation, replay, webhook };
}

/** The operation a turn started, from its `operation_started` tool output. */
function startedIn(entries: StreamEntry[]): { operation_id: string; progress_task_id: string } {
  for (const { chunk } of entries) {
    if (chunk.type !== "tool-output-available") continue;
    const output = (chunk as { output?: { type?: string } }).output;
    if (output?.type === "operation_started")
      return output as { operation_id: string; progress_task_id: string };
  }
  throw new Error(`no operation_started in ${JSON.stringify(chunkTypes(entries))}`);
}

const toolPart = (detail: Detail, toolCallIdOrName: string) =>
  detail.messages
    .flatMap((message) => message.parts)
    .find((part) => part.toolCallId === toolCallIdOrName || part.type === `tool-${toolCallIdOrName}`);

describe.skipIf(!available)("operations: generate_agent offline, end to end", () => {
  let t: TestApp;
  let base: string;
  let api: ReturnType<typeof client>;
  let user: TestUser;
  let stranger: TestUser;
  let finished: { operationId: string; sessionId: string } | null = null;

  beforeAll(async () => {
    t = await createTestApp({ env: { OFFLINE_MODEL_DELAY_MS: "0", OPERATIONS_WEBHOOK_SECRET: SECRET } });
    base = await t.listen();
    api = client(t, base);
    user = await t.signup();
    stranger = await t.signup();
  });
  afterAll(() => t?.close());

  it("the tool answers at once; the agent is saved; the result replaces the tool output; the continuation streams once", async () => {
    const sessionId = await api.newSession(user);
    const entries = await api.say(user, sessionId, `generate an agent that ${GOAL}`);
    const started = startedIn(entries);
    // The turn itself ended normally after telling the user it started.
    expect(chunkTypes(entries).at(-1)).toBe("finish");

    const done = await until("the operation and its continuation", async () => {
      const view = await api.detail(user, sessionId);
      const assistants = view.messages.filter((message) => message.role === "assistant");
      return view.active_stream === null && assistants.length === 2 ? view : null;
    });
    const operation = await api.operation(user, started.operation_id);
    expect(operation).toMatchObject({ status: "completed", tool_name: "generate_agent", error: null });
    const result = operation.result as { agent_id: string; name: string; file: string; nodes: number };
    expect(result.name).toBe("Bar chart: Chart");
    // numbers → parse → chart → result, and the file write "and saves it" asks for.
    expect(result.nodes).toBe(5);

    // The agent is the user's, and its JSON is in the workspace.
    const agent = await t.app.inject({
      method: "GET",
      url: `/api/agents/${result.agent_id}`,
      headers: user.headers,
    });
    expect(agent.statusCode).toBe(200);
    const files = await t.app.inject({
      method: "GET",
      url: `/api/workspace/files?prefix=${encodeURIComponent(`/agents/${result.agent_id}/`)}`,
      headers: user.headers,
    });
    expect(files.json().items.map((file: { path: string }) => file.path)).toEqual([result.file]);

    // What a reload shows: the final result in place of `operation_started`, then the continuation.
    const part = toolPart(done, "generate_agent");
    expect(part?.output).toMatchObject({
      type: "operation_result",
      status: "completed",
      operation_id: operation.id,
    });
    const continuation = done.messages.at(-1);
    const text = continuation?.parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("");
    expect(text).toContain("**Bar chart: Chart** is ready");
    expect(operation.continuation_task_id).not.toBeNull();

    // The progress log: start, each step, the end, finish — in order, each once.
    const progress = await api.replay(user, operation.progress_task_id);
    const steps = progress
      .filter((entry) => entry.chunk.type === "data-operation-progress")
      .map((entry) => (entry.chunk as { data: { step: string } }).data.step);
    expect(steps).toEqual(["queued", "plan", "build", "validate", "save", "end"]);
    expect(chunkTypes(progress).at(-1)).toBe("finish");
    const task = await t.app.inject({
      method: "GET",
      url: `/api/chat/tasks/${operation.progress_task_id}`,
      headers: user.headers,
    });
    expect(task.json()).toMatchObject({ kind: "operation", status: "completed" });
    finished = { operationId: operation.id, sessionId };
  });

  it("a repeated completion changes nothing: one agent, one continuation", async () => {
    if (!finished) throw new Error("needs the first test");
    const { operationId, sessionId } = finished;
    const before = await api.detail(user, sessionId);
    const [{ agents: agentCount } = { agents: 0 }] = await t.deps.db
      .select({ agents: count() })
      .from(agents)
      .where(eq(agents.userId, user.id));
    const { enqueueCompletion } = await import("./completion");
    const { handleOperationComplete } = await import("./complete-operation");
    // Delivered again by the queue and run directly, as a second consumer would.
    await enqueueCompletion(t.deps.operations, operationId, { success: true, result: { other: true } });
    await handleOperationComplete(
      t.deps.operations,
      { operationId, success: false, error: { code: "x", message: "late" } },
      { jobId: "again", attempt: 1, deaths: 0, signal: new AbortController().signal },
    );
    await until(
      "the queue to drain",
      async () => (await t.deps.jobs.counts()).active === 0 && (await t.deps.jobs.counts()).waiting === 0,
    );
    const after = await api.detail(user, sessionId);
    expect(after.messages.map((message) => message.id)).toEqual(before.messages.map((message) => message.id));
    expect((await api.operation(user, operationId)).status).toBe("completed");
    const [{ agents: agentCountAfter } = { agents: 0 }] = await t.deps.db
      .select({ agents: count() })
      .from(agents)
      .where(eq(agents.userId, user.id));
    expect(agentCountAfter).toBe(agentCount);
  });

  it("one tool call starts one operation, however often it is submitted", async () => {
    const sessionId = await api.newSession(user);
    const call = {
      userId: user.id,
      sessionId,
      turnTaskId: randomUUID(),
      toolCallId: "call_same",
      toolName: "run_agent",
      input: { agent_id: randomUUID(), inputs: {} },
    };
    const outputs = await Promise.all([1, 2, 3].map(() => startOperation(t.deps.operations, call)));
    expect(new Set(outputs.map((output) => output.operation_id)).size).toBe(1);
    const [row] = await t.deps.db
      .select({ n: count() })
      .from(operations)
      .where(and(eq(operations.sessionId, sessionId), eq(operations.toolCallId, "call_same")));
    expect(row?.n).toBe(1);
    // An unknown agent fails the operation with a clear error, as a failed tool result.
    const failed = await until("the operation to fail", async () => {
      const operation = await api.operation(user, outputs[0]!.operation_id);
      return operation.status === "failed" ? operation : null;
    });
    expect(failed.error).toMatchObject({ code: "not_found" });
  });

  it("run_agent: a failing node fails the operation with its error; a working agent completes with its outputs", async () => {
    const sessionId = await api.newSession(user);
    const agent = await createAgent(t.deps.db, t.deps.blocks, user.id, {
      name: "Sum",
      description: "",
      graph: sumGraph,
    });
    const run = (toolCallId: string, numbers: string) =>
      startOperation(t.deps.operations, {
        userId: user.id,
        sessionId,
        turnTaskId: randomUUID(),
        toolCallId,
        toolName: "run_agent",
        input: { agent_id: agent.id, inputs: { numbers } },
      });
    const ended = (id: string) =>
      until(`operation ${id} to end`, async () => {
        const operation = await api.operation(user, id);
        return operation.status === "running" ? null : operation;
      });
    const bad = await ended((await run("call_bad", "no digits here")).operation_id);
    expect(bad).toMatchObject({ status: "failed", error: { code: "run_failed" } });
    expect(bad.error?.message).toContain("no numbers found");
    expect(bad.error?.message).toContain("parse");
    const good = await ended((await run("call_good", "1 2 3")).operation_id);
    expect(good).toMatchObject({ status: "completed", result: { outputs: { sum: 6 }, status: "completed" } });
    const steps = (await api.replay(user, good.progress_task_id))
      .filter((entry) => entry.chunk.type === "data-operation-progress")
      .map((entry) => (entry.chunk as { data: { step: string } }).data.step);
    expect(steps).toEqual(["queued", "start", "numbers", "parse", "stats", "out", "end"]);
  });

  runSecuritySuite(
    "operations",
    () => ({ t, owner: user, stranger, owned: { id: finished?.operationId ?? randomUUID() } }),
    [
      { method: "GET", url: (owned) => `/api/chat/operations/${owned.id ?? randomUUID()}` },
      { method: "POST", url: (owned) => `/api/chat/operations/${owned.id ?? randomUUID()}/cancel` },
    ],
  );
});

describe.skipIf(!available)("operations: delegated generation, the webhook and cancel", () => {
  let t: TestApp;
  let bare: TestApp;
  let base: string;
  let api: ReturnType<typeof client>;
  let user: TestUser;
  let generator: Awaited<ReturnType<typeof fakeGenerator>>;

  beforeAll(async () => {
    generator = await fakeGenerator();
    t = await createTestApp({
      env: {
        OFFLINE_MODEL_DELAY_MS: "0",
        OPERATIONS_WEBHOOK_SECRET: SECRET,
        AGENT_GENERATOR_URL: generator.url,
      },
    });
    bare = await createTestApp({ env: { OFFLINE_MODEL_DELAY_MS: "0" } });
    base = await t.listen();
    api = client(t, base);
    user = await t.signup();
  });
  afterAll(async () => {
    await t?.close();
    await bare?.close();
    await generator?.close();
  });

  /** Starts a generation in a new chat and waits until the service was asked. */
  async function delegated(goal = GOAL) {
    const sessionId = await api.newSession(user);
    const started = startedIn(await api.say(user, sessionId, `generate an agent that ${goal}`));
    const request = await until("the generator service to be called", async () =>
      generator.requests.find((r) => r.operation_id === started.operation_id),
    );
    await until("the operation to be marked delegated", async () => {
      const [row] = await t.deps.db.select().from(operations).where(eq(operations.id, started.operation_id));
      return row?.delegated;
    });
    return { sessionId, operationId: started.operation_id, request };
  }

  it("hands the goal to the service, which completes it through the signed webhook (a repeat has no second effect)", async () => {
    const { sessionId, operationId, request } = await delegated();
    expect(request.goal).toBe(GOAL);
    expect(request.callback_url).toBe(`${t.origin}/api/chat/operations/${operationId}/complete`);
    // While it runs, the chat says so, and the user may chat on.
    const running = await api.detail(user, sessionId);
    expect(running.active_stream).toMatchObject({ operation_id: operationId, tool_name: "generate_agent" });
    // The user keeps chatting: the operation holds no turn lock.
    const echo = await api.say(user, sessionId, "/echo still here");
    expect(chunkTypes(echo).at(-1)).toBe("finish");
    expect((await api.detail(user, sessionId)).active_stream).toMatchObject({ operation_id: operationId });

    const graph = {
      nodes: [
        { id: "text", block: "agent_input", input: { name: "text", default: "hello" } },
        { id: "out", block: "agent_output", input: { name: "echo" } },
      ],
      links: [{ from: { node: "text", output: "value" }, to: { node: "out", input: "value" } }],
    };
    const body = { success: true, result: { name: "Echo", description: "Says it back.", graph } };
    expect((await api.webhook(operationId, body)).statusCode).toBe(202);
    // The tool's answer, the echo, then the continuation.
    const done = await until("the continuation", async () => {
      const view = await api.detail(user, sessionId);
      return view.active_stream === null && view.messages.filter((m) => m.role === "assistant").length === 3
        ? view
        : null;
    });
    const continuation = done.messages.at(-1)?.parts.flatMap((p) => (p.type === "text" ? [p.text] : []));
    expect(continuation?.join("")).toContain("**Echo** is ready");
    const operation = await api.operation(user, operationId);
    expect(operation).toMatchObject({ status: "completed", result: { name: "Echo", nodes: 2 } });
    const repeat = await api.webhook(operationId, body);
    expect(repeat.statusCode).toBe(202);
    await until("the queue to drain", async () => {
      const counts = await t.deps.jobs.counts();
      return counts.active === 0 && counts.waiting === 0;
    });
    const echoes = await t.deps.db
      .select({ n: count() })
      .from(agents)
      .where(and(eq(agents.userId, user.id), eq(agents.name, "Echo")));
    expect(echoes[0]?.n).toBe(1);
    expect((await api.detail(user, sessionId)).messages).toHaveLength(done.messages.length);
  });

  it("refuses bad signatures, stale timestamps, unknown operations and bad bodies", async () => {
    const { operationId } = await delegated("makes a qr code of hello");
    const ok = { success: false, error: "the service gave up" };
    const codeOf = (response: { statusCode: number; json(): { error: { code: string } } }) => [
      response.statusCode,
      response.json().error.code,
    ];
    expect(codeOf(await api.webhook(operationId, ok, { secret: "wrong" }))).toEqual([401, "unauthorized"]);
    const stale = Math.floor(Date.now() / 1000) - 301;
    expect(codeOf(await api.webhook(operationId, ok, { timestamp: stale }))).toEqual([401, "unauthorized"]);
    const unsigned = await t.app.inject({
      method: "POST",
      url: `/api/chat/operations/${operationId}/complete`,
      headers: { "content-type": "application/json" },
      payload: JSON.stringify(ok),
    });
    expect(codeOf(unsigned)).toEqual([401, "unauthorized"]);
    expect(codeOf(await api.webhook(randomUUID(), ok))).toEqual([404, "not_found"]);
    expect(codeOf(await api.webhook("not-a-uuid", ok))).toEqual([404, "not_found"]);
    expect(codeOf(await api.webhook(operationId, { success: "yes" }))).toEqual([400, "bad_request"]);
    expect(codeOf(await api.webhook(operationId, { success: true, extra: 1 }))).toEqual([400, "bad_request"]);
    expect((await api.operation(user, operationId)).status).toBe("running");

    // Without a secret the webhook is off.
    const off = await bare.app.inject({
      method: "POST",
      url: `/api/chat/operations/${operationId}/complete`,
      headers: {
        "content-type": "application/json",
        "x-copilot-timestamp": "1",
        "x-copilot-signature": "sha256=00",
      },
      payload: JSON.stringify(ok),
    });
    expect(codeOf(off)).toEqual([503, "not_configured"]);

    // A failure reported by the service fails the operation with its message.
    expect((await api.webhook(operationId, ok)).statusCode).toBe(202);
    const failed = await until("the failure", async () => {
      const operation = await api.operation(user, operationId);
      return operation.status === "failed" ? operation : null;
    });
    expect(failed.error).toEqual({ code: "failed", message: "the service gave up" });
  });

  it("an invalid graph from the service fails the operation with the validation's message", async () => {
    const { operationId } = await delegated("makes a chart of 1,2");
    const graph = { nodes: [{ id: "a", block: "no_such_block", input: {} }], links: [] };
    expect(
      (await api.webhook(operationId, { success: true, result: { name: "Bad", graph } })).statusCode,
    ).toBe(202);
    const failed = await until("the failure", async () => {
      const operation = await api.operation(user, operationId);
      return operation.status === "failed" ? operation : null;
    });
    expect(failed.error?.code).toBe("invalid_agent");
    expect(failed.error?.message).toContain("no_such_block");
  });

  it("cancel ends it at once, closes its progress log, and a late webhook changes nothing", async () => {
    const { sessionId, operationId } = await delegated("makes a chart of 5,6");
    const cancelled = await t.app.inject({
      method: "POST",
      url: `/api/chat/operations/${operationId}/cancel`,
      headers: user.headers,
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: "cancelled", error: { code: "cancelled" } });
    const progress = await api.replay(user, cancelled.json().progress_task_id);
    const last = progress.filter((entry) => entry.chunk.type === "data-operation-progress").at(-1);
    expect(last?.chunk).toMatchObject({ data: { status: "cancelled", step: "end" } });
    expect(
      (
        await api.webhook(operationId, {
          success: true,
          result: { name: "Late", graph: { nodes: [], links: [] } },
        })
      ).statusCode,
    ).toBe(202);
    const view = await until("the cancelled result in the chat", async () => {
      const detail = await api.detail(user, sessionId);
      const output = toolPart(detail, "generate_agent")?.output;
      return output?.type === "operation_result" ? detail : null;
    });
    expect(toolPart(view, "generate_agent")?.output).toMatchObject({ status: "cancelled" });
    // No continuation after a cancel, and the operation stays cancelled.
    expect(view.messages.filter((message) => message.role === "assistant")).toHaveLength(1);
    expect((await api.operation(user, operationId)).status).toBe("cancelled");
    // Idempotent.
    const again = await t.app.inject({
      method: "POST",
      url: `/api/chat/operations/${operationId}/cancel`,
      headers: user.headers,
    });
    expect(again.json().status).toBe("cancelled");
  });
});

describe.skipIf(!available)("operations: cancel of a running agent run", () => {
  let t: TestApp;
  let user: TestUser;
  const gated = gatedModel();

  beforeAll(async () => {
    t = await createTestApp({ model: gated.model });
    user = await t.signup();
  });
  afterAll(() => t?.close());

  it("stops the run between nodes: the operation and the run end cancelled, later nodes never start", async () => {
    const session = await t.app.inject({
      method: "POST",
      url: "/api/chat/sessions",
      headers: user.headers,
      payload: {},
    });
    const graph = {
      nodes: [
        { id: "first", block: "model_call", input: { prompt: "one" } },
        { id: "second", block: "model_call", input: {} },
      ],
      links: [{ from: { node: "first", output: "text" }, to: { node: "second", input: "prompt" } }],
    };
    const agent = await createAgent(t.deps.db, t.deps.blocks, user.id, {
      name: "Two calls",
      description: "",
      graph,
    });
    const gate = gated.hold();
    const started = await startOperation(t.deps.operations, {
      userId: user.id,
      sessionId: session.json().id,
      turnTaskId: randomUUID(),
      toolCallId: "call_run",
      toolName: "run_agent",
      input: { agent_id: agent.id, inputs: {} },
    });
    await gate.reached;
    const cancelled = await t.app.inject({
      method: "POST",
      url: `/api/chat/operations/${started.operation_id}/cancel`,
      headers: user.headers,
    });
    expect(cancelled.json()).toMatchObject({ status: "cancelled" });
    const runs = await until("the run to end", async () => {
      const page = await t.app.inject({
        method: "GET",
        url: `/api/agents/${agent.id}/runs`,
        headers: user.headers,
      });
      const [run] = page.json().items as Array<{ status: string; nodes: Record<string, { status: string }> }>;
      return run && run.status !== "running" && run.status !== "queued" ? run : null;
    });
    expect(runs.status).toBe("cancelled");
    expect(runs.nodes.second?.status).not.toBe("completed");
    expect(runs.nodes.second?.status).not.toBe("running");
  });
});
