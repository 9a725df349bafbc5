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
 */
const RUNS = Number(process.argv[2] ?? 15);
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
