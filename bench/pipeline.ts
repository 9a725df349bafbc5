import { setTimeout as sleep } from "node:timers/promises";
import type { UIMessageChunk } from "@copilot/protocol";
import {
  readUIMessageStream,
  type UIMessageChunk as SdkChunk,
  type UIMessage as SdkUIMessage,
  streamText,
} from "ai";
import { createMessageAssembler } from "../apps/server/src/chat/message-assembler";
import { createOfflineModel } from "../apps/server/src/chat/offline-model";
import { createMemoryStreamStore } from "../apps/server/src/streams/memory/memory-stream-store";
import { createTaskWriter } from "../apps/server/src/streams/task-writer";
import { median, table } from "./stats";

/**
 * `npm run bench:pipeline`: CPU time per model delta in each stage of a turn, in process, one
 * answer at a time (the offline model's long answer, 1,626 word deltas, no pauses). CPU time
 * (`process.cpuUsage`), not wall time, so other work on the machine barely moves it. It shows
 * where a streaming turn's CPU goes before any HTTP or Redis: the ceiling on deltas per second
 * one process can carry (docs/BENCHMARKS.md, "Where a turn's CPU goes").
 *
 * Then the same stages paced: 200 answers at once, each at 50 deltas/s (`OFFLINE_MODEL_DELAY_MS`
 * 20, issue 13's paced load: 10,000 deltas/s asked in all), measured over 8 s after 2 s of start:
 * the deltas/s the process actually carried and its CPU per delta. Paced, every delta crosses the
 * pipeline alone, which costs several times what a burst does. Run it on each supported Node
 * (`npx -y node@24 node_modules/tsx/dist/cli.mjs bench/pipeline.ts`): web streams cost differ.
 */
const RUNS = Number(process.argv[2] ?? 15);
const PACED_TURNS = 200;
const model = createOfflineModel({ delayMs: 0 });
const prompt = [{ role: "user" as const, content: "please give me a long answer" }];

type Stage = { name: string; run: () => Promise<number> };

async function consume<T>(stream: AsyncIterable<T>, each?: (item: T) => void): Promise<number> {
  let count = 0;
  for await (const item of stream) {
    count += 1;
    each?.(item);
  }
  return count;
}

const uiChunks = () =>
  streamText({ model, messages: prompt }).toUIMessageStream({ sendStart: false, sendFinish: false });

const stages: Stage[] = [
  {
    name: "offline model stream alone",
    run: async () => {
      const { stream } = await model.doStream({
        prompt: [{ role: "user", content: [{ type: "text", text: prompt[0].content }] }],
      });
      return consume(stream as unknown as AsyncIterable<unknown>);
    },
  },
  {
    name: "AI SDK `streamText` → `fullStream`",
    run: () => consume(streamText({ model, messages: prompt }).fullStream),
  },
  {
    name: "… → `toUIMessageStream` (what a turn reads)",
    run: () => consume(uiChunks()),
  },
  {
    name: "… + SDK `readUIMessageStream` per chunk (the assembler before)",
    run: async () => {
      let controller!: ReadableStreamDefaultController<SdkChunk>;
      const input = new ReadableStream<SdkChunk>({
        start(c) {
          controller = c;
        },
      });
      const message: SdkUIMessage = { id: "m", role: "assistant", parts: [] };
      const reading = consume(readUIMessageStream({ message, stream: input }));
      const count = await consume(uiChunks(), (chunk) => controller.enqueue(chunk));
      controller.close();
      await reading;
      return count;
    },
  },
  {
    name: "… + message assembler (deltas merged, now)",
    run: async () => {
      const assembler = createMessageAssembler({ id: "m", role: "assistant", parts: [] });
      const count = await consume(uiChunks(), (chunk) => assembler.push(chunk as UIMessageChunk));
      await assembler.finish();
      return count;
    },
  },
  {
    name: "… + assembler + task writer into the in-process store (coalesce 10 ms)",
    run: async () => {
      const store = createMemoryStreamStore({ ttlSeconds: 60, maxEntries: 0 });
      const taskId = crypto.randomUUID();
      await store.createTask({ taskId, sessionId: crypto.randomUUID(), userId: "u", kind: "chat_turn" });
      const writer = createTaskWriter(store, taskId, { coalesceMs: 10 });
      const assembler = createMessageAssembler({ id: "m", role: "assistant", parts: [] });
      let count = 0;
      for await (const chunk of uiChunks()) {
        count += 1;
        await writer.write(chunk as UIMessageChunk);
        assembler.push(chunk as UIMessageChunk);
      }
      await writer.finish("completed", [{ type: "finish" }]);
      await assembler.finish();
      await store.close();
      return count;
    },
  },
];

const rows: string[][] = [];
for (const stage of stages) {
  await stage.run(); // warm up
  const perDelta: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const before = process.cpuUsage();
    const count = await stage.run();
    const used = process.cpuUsage(before);
    perDelta.push((used.user + used.system) / count);
  }
  const [low, high] = [Math.min(...perDelta), Math.max(...perDelta)];
  rows.push([stage.name, `${median(perDelta).toFixed(1)} µs (${low.toFixed(1)}–${high.toFixed(1)})`]);
  console.error(`${stage.name}: ${median(perDelta).toFixed(1)} µs/delta`);
}
console.log(
  `CPU per delta, median of ${RUNS} answers (min–max); Node ${process.version}\n\n${table(["stage (cumulative)", "CPU per delta"], rows)}`,
);

type PacedStage = { name: string; read: (signal: AbortSignal, count: () => void) => Promise<void> };
const paced = createOfflineModel({ delayMs: 20 });
const pacedUi = (signal: AbortSignal) =>
  streamText({ model: paced, messages: prompt, abortSignal: signal }).toUIMessageStream({
    sendStart: false,
    sendFinish: false,
  });
const pacedStages: PacedStage[] = [
  {
    name: "offline model stream alone",
    read: async (signal, count) => {
      const { stream } = await paced.doStream({
        prompt: [{ role: "user", content: [{ type: "text", text: prompt[0].content }] }],
        abortSignal: signal,
      });
      for await (const _ of stream as unknown as AsyncIterable<unknown>) count();
    },
  },
  {
    name: "AI SDK `streamText` → `fullStream`",
    read: async (signal, count) => {
      for await (const _ of streamText({ model: paced, messages: prompt, abortSignal: signal }).fullStream)
        count();
    },
  },
  {
    name: "… → `toUIMessageStream` (what a turn reads)",
    read: async (signal, count) => {
      for await (const _ of pacedUi(signal)) count();
    },
  },
  {
    name: "… + message assembler",
    read: async (signal, count) => {
      const assembler = createMessageAssembler({ id: "m", role: "assistant", parts: [] });
      for await (const chunk of pacedUi(signal)) {
        count();
        assembler.push(chunk as UIMessageChunk);
      }
    },
  },
];

const pacedRows: string[][] = [];
for (const stage of pacedStages) {
  const stop = new AbortController();
  let deltas = 0;
  const count = () => {
    deltas += 1;
  };
  const reading = Array.from({ length: PACED_TURNS }, () => stage.read(stop.signal, count).catch(() => {}));
  await sleep(2000);
  const [before, cpu, startedAt] = [deltas, process.cpuUsage(), performance.now()];
  await sleep(8000);
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - startedAt) / 1000;
  const carried = deltas - before;
  stop.abort();
  await Promise.all(reading);
  const perDelta = (used.user + used.system) / carried;
  const cpuShare = (used.user + used.system) / 1e4 / seconds;
  pacedRows.push([
    stage.name,
    `${Math.round(carried / seconds).toLocaleString("en-US")}`,
    `${cpuShare.toFixed(0)} %`,
    `${perDelta.toFixed(0)} µs`,
  ]);
  console.error(
    `paced ${stage.name}: ${Math.round(carried / seconds)} deltas/s, ${perDelta.toFixed(0)} µs/delta`,
  );
}
console.log(
  `\n${PACED_TURNS} answers at 50 deltas/s each (10,000/s asked), 8 s; Node ${process.version}\n\n${table(["stage (cumulative)", "deltas/s carried", "CPU (100 % = one core)", "CPU per delta"], pacedRows)}`,
);
