import { streamText } from "ai";
import { releaseSpareBranch } from "../apps/server/src/chat/sdk-tee";
import { scriptedModel, textStep } from "../apps/server/src/testing/scripted-model";
import { median } from "./stats";

/**
 * `npm run bench:retention`: what a streaming answer keeps alive while it streams. A scripted
 * model (the tests' `scriptedModel`) answers with 20,000 text deltas; the turn's one UI message
 * stream is read to the end, with the heap measured (after a forced GC) every 2,000 chunks. Peak growth over the heap before the read,
 * median of 5 rounds, with `streamText`'s spare tee branch kept (the SDK's default) and released
 * (`releaseSpareBranch`, what the turn runner does). The SDK itself keeps the answer's text and
 * steps either way; the difference is the spare branch's queue.
 */
const DELTAS = 20_000;
const ROUNDS = 5;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc (npm run bench:retention does)");

async function peakGrowth(release: boolean): Promise<number> {
  const deltas = Array.from({ length: DELTAS }, (_, i) => `word${i} `);
  const result = streamText({ model: scriptedModel([textStep("t", ...deltas)]), prompt: "count" });
  const stream = result.toUIMessageStream();
  if (release) releaseSpareBranch(result);
  gc!();
  const before = process.memoryUsage().heapUsed;
  let peak = 0;
  let read = 0;
  for await (const _ of stream) {
    if (++read % 2000 !== 0) continue;
    gc!();
    peak = Math.max(peak, process.memoryUsage().heapUsed - before);
  }
  return peak / 2 ** 20;
}

const figures: Record<string, number[]> = { kept: [], released: [] };
for (let round = 0; round < ROUNDS; round++) {
  figures.kept!.push(await peakGrowth(false));
  figures.released!.push(await peakGrowth(true));
}
for (const [name, values] of Object.entries(figures))
  console.log(
    `spare branch ${name}: peak heap growth ${median(values).toFixed(1)} MiB over ${DELTAS.toLocaleString("en-US")} deltas (${values.map((v) => v.toFixed(1)).join(", ")})`,
  );
