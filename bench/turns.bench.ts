import { createGate, scriptedModel, textStep } from "../apps/server/src/testing/scripted-model";
import { openSse } from "../apps/server/src/testing/sse-client";
import { createTestApp, type TestMode } from "../apps/server/src/testing/test-app";
import { median, ms, percentile, table } from "./stats";

/**
 * End-to-end over real HTTP on one app instance: time to the first text frame of a turn, cancel
 * latency (request sent → `finish` received by the attached reader, i.e. the generation stopped,
 * the partial saved and the terminal chunks written) and re-attach latency from a cursor.
 */
const RUNS = 15;

async function measure(mode: TestMode) {
  const model = scriptedModel([
    (options) => {
      const prompt = JSON.stringify(options.prompt);
      return prompt.includes("stall")
        ? [
            { type: "text-start", id: "s" },
            { type: "text-delta", id: "s", delta: "working" },
            { type: "gate", gate: createGate() },
          ]
        : textStep("t", "hello ", "world");
    },
  ]);
  const t = await createTestApp({ mode, model });
  const base = await t.listen();
  const user = await t.signup();
  const firstText: number[] = [];
  const cancel: number[] = [];
  const resume: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const sessionId = (
        await t.app.inject({ method: "POST", url: "/api/chat/sessions", headers: user.headers, payload: {} })
      ).json().id;
      const post = (message: string) =>
        openSse(`${base}/api/chat/sessions/${sessionId}/stream`, {
          method: "POST",
          headers: { ...user.headers, "content-type": "application/json" },
          body: JSON.stringify({ message }),
        });
      let sent = performance.now();
      const quick = await post("hi");
      await quick.waitFor((entries) => entries.some((entry) => entry.chunk.type === "text-delta"));
      firstText.push(performance.now() - sent);
      await quick.ended;

      sent = performance.now();
      const again = await openSse(
        `${base}/api/chat/tasks/${(quick.entries[0]!.chunk as { messageMetadata: { taskId: string } }).messageMetadata.taskId}/stream?last_message_id=${quick.entries[2]!.id}`,
        { headers: user.headers },
      );
      await again.waitFor((entries) => entries.length > 0);
      resume.push(performance.now() - sent);
      await again.ended;

      const stalled = await post("stall please");
      await stalled.waitFor((entries) => entries.some((entry) => entry.chunk.type === "text-delta"));
      const taskId = (stalled.entries[0]!.chunk as { messageMetadata: { taskId: string } }).messageMetadata
        .taskId;
      sent = performance.now();
      void t.app.inject({ method: "POST", url: `/api/chat/tasks/${taskId}/cancel`, headers: user.headers });
      await stalled.waitFor((entries) => entries.some((entry) => entry.chunk.type === "finish"));
      cancel.push(performance.now() - sent);
      await stalled.ended;
    }
  } finally {
    await t.close();
  }
  return { mode, firstText, cancel, resume };
}

export async function runTurnsBench(modes: TestMode[]): Promise<string> {
  const results = [];
  for (const mode of modes) results.push(await measure(mode));
  const cell = (values: number[]) => `${ms(median(values))} / ${ms(percentile(values, 95))}`;
  return table(
    [
      "mode",
      "POST → first text frame (median / p95)",
      "re-attach from a cursor → first frame",
      "cancel → `finish` at the reader",
    ],
    results.map((r) => [
      r.mode === "embedded" ? "embedded (PGlite, in-process)" : "scaled (PostgreSQL, Redis)",
      cell(r.firstText),
      cell(r.resume),
      cell(r.cancel),
    ]),
  );
}
