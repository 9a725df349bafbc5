import { randomUUID } from "node:crypto";
import { compareEntryIds, type StreamEntry, type UIMessageChunk } from "@copilot/protocol";
import { expect } from "vitest";
import type { ReadResult, StreamReader, StreamStore, StreamTaskMeta, WriteOptions } from "./stream-store";

/** Chunks, tasks and reader helpers shared by the stream store contract suites. */

export const start: UIMessageChunk = { type: "start", messageId: "m-1" };
export const finish: UIMessageChunk = { type: "finish" };
export const delta = (i: number): UIMessageChunk => ({ type: "text-delta", id: "t-1", delta: `w${i} ` });

export function meta(overrides: Partial<StreamTaskMeta> = {}): StreamTaskMeta {
  return { taskId: randomUUID(), sessionId: randomUUID(), userId: "user-1", kind: "chat_turn", ...overrides };
}

export function readerOf(result: ReadResult): StreamReader {
  if (result.kind !== "stream") throw new Error(`expected a stream, got ${result.kind}`);
  return result.reader;
}

/** Rejects instead of hanging the suite when a reader never delivers. */
export function within<T>(promise: Promise<T>, label: string, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${label}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Pulls `count` entries without closing the reader (a `for await` + break would close it). */
export async function take(reader: StreamReader, count: number): Promise<StreamEntry[]> {
  const iterator = reader[Symbol.asyncIterator]();
  const entries: StreamEntry[] = [];
  while (entries.length < count) {
    const next = await within(iterator.next(), `entry ${entries.length + 1} of ${count}`);
    if (next.done) throw new Error(`reader ended (${reader.endReason}) after ${entries.length} of ${count}`);
    entries.push(next.value);
  }
  return entries;
}

export async function drain(reader: StreamReader): Promise<StreamEntry[]> {
  const iterator = reader[Symbol.asyncIterator]();
  const entries: StreamEntry[] = [];
  for (;;) {
    const next = await within(iterator.next(), `entry ${entries.length + 1} until the end`);
    if (next.done) return entries;
    entries.push(next.value);
  }
}

export function expectIncreasing(entries: StreamEntry[]) {
  for (let i = 1; i < entries.length; i++) {
    expect(compareEntryIds(entries[i - 1]!.id, entries[i]!.id)).toBeLessThan(0);
  }
}

export async function appendAll(
  store: StreamStore,
  taskId: string,
  chunks: UIMessageChunk[],
  options?: WriteOptions,
): Promise<string[]> {
  const ids: string[] = [];
  for (const chunk of chunks) {
    const result = await store.append(taskId, chunk, options);
    if (result.kind !== "appended") throw new Error(`append refused: ${result.kind}`);
    ids.push(result.id);
  }
  return ids;
}

export const deltas = (count: number, from = 0) => Array.from({ length: count }, (_, i) => delta(from + i));
