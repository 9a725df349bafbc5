import { setTimeout as delay } from "node:timers/promises";
import { compareEntryIds } from "@copilot/protocol";
import type { Redis } from "ioredis";
import { REPLAY_PAGE_ENTRIES } from "../stream-store";
import { createWakeSignal } from "../wake-signal";
import { type LogEntry, parseXread } from "./redis-replies";
import type { StreamKeys } from "./redis-stream-keys";

/** One live subscriber of a task, fed by the multiplexed reader. */
export type LiveSink = {
  /** Newest id this sink holds; it is never given an entry at or before it. */
  readonly lastReceived: string;
  /** Entries newer than `lastReceived`, in order, with no gap before them. */
  deliver(entries: LogEntry[]): void;
  /** The task's keys vanished (expired), or the reader closed. */
  lost(reason: "expired" | "closed"): void;
};

export type LiveReader = {
  subscribe(taskId: string, sink: LiveSink): () => void;
  /** Tasks currently in the XREAD (for tests and metrics). */
  readonly taskCount: number;
  close(): void;
};

type Subscription = { logKey: string; taskKey: string; cursor: string; sinks: Set<LiveSink> };

/**
 * ONE blocking connection serves every live subscriber of this process:
 * `XREAD COUNT 500 BLOCK … STREAMS k1 k2 … id1 id2 …` over every task that has subscribers, each
 * read from the oldest position any of its subscribers still needs. When a subscription needs
 * the key set (or a cursor) to change, the blocked XREAD is interrupted with `CLIENT UNBLOCK` from
 * the command connection, so Redis connections never grow with clients.
 */
export function createLiveReader(options: {
  blocking: Redis;
  command: Redis;
  keys: StreamKeys;
  blockMs?: number;
  /** How often subscribed tasks are checked for expiry (an abandoned task's readers must end). */
  sweepMs?: number;
}): LiveReader {
  const { blocking, command, keys } = options;
  const blockMs = options.blockMs ?? 5000;
  const sweepMs = options.sweepMs ?? 5000;
  const subscriptions = new Map<string, Subscription>();
  const idle = createWakeSignal();
  let closed = false;
  let running = false;
  let readerId: number | null = null;
  // `dirty && inFlight` means exactly: the XREAD now blocked was built before the last change.
  let dirty = false;
  let inFlight = false;
  let unblocking = false;
  let lastSweep = Date.now();
  // After an outage, check for vanished logs before blocking again: a Redis that came back empty
  // must end its readers now, not after a whole block and sweep interval.
  let sweepDue = false;

  // Client ids change with every reconnect; fetch it again before the next XREAD.
  blocking.on("close", () => {
    readerId = null;
  });

  async function unblockStale() {
    if (unblocking) return;
    unblocking = true;
    try {
      // The XREAD may not have reached the server yet (UNBLOCK then answers 0): retry until the
      // loop has picked up the change, bounded by the block time anyway.
      for (let attempt = 0; attempt < 1000 && dirty && inFlight && !closed && readerId !== null; attempt++) {
        await command.client("UNBLOCK", readerId).catch(() => 0);
        await delay(1);
      }
    } finally {
      unblocking = false;
    }
  }

  function wake() {
    dirty = true;
    idle.notify();
    if (inFlight) void unblockStale();
  }

  function deliver(taskId: string, from: string, entries: LogEntry[]) {
    const subscription = subscriptions.get(taskId);
    if (!subscription || entries.length === 0) return;
    for (const sink of [...subscription.sinks]) {
      // A sink that joined behind this read would see a gap; the lowered cursor re-reads for it.
      if (compareEntryIds(from, sink.lastReceived) > 0) continue;
      const fresh = entries.filter((entry) => compareEntryIds(entry.id, sink.lastReceived) > 0);
      if (fresh.length > 0) sink.deliver(fresh);
    }
    // Advance only when no newcomer lowered the cursor while this read was in flight.
    if (subscription.cursor === from) subscription.cursor = entries.at(-1)!.id;
  }

  async function sweep() {
    lastSweep = Date.now();
    const taskIds = [...subscriptions.keys()];
    const pipeline = command.pipeline();
    for (const taskId of taskIds) pipeline.exists(subscriptions.get(taskId)!.taskKey);
    const results = (await pipeline.exec()) ?? [];
    // A pipeline reports an unreachable Redis per command, not by rejecting: that is no answer.
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0];
    taskIds.forEach((taskId, i) => {
      const subscription = subscriptions.get(taskId);
      if (!subscription || results[i]?.[1] !== 0) return;
      subscriptions.delete(taskId);
      for (const sink of [...subscription.sinks]) sink.lost("expired");
    });
  }

  async function loop() {
    let failures = 0;
    while (!closed) {
      if (subscriptions.size === 0) {
        await idle.wait();
        continue;
      }
      try {
        if (sweepDue) {
          await sweep();
          sweepDue = false;
          if (subscriptions.size === 0) continue;
        }
        readerId ??= await blocking.client("ID");
        // Snapshot and send with no await in between, so every later change sees inFlight.
        dirty = false;
        const reads = [...subscriptions].map(([taskId, s]) => ({ taskId, key: s.logKey, from: s.cursor }));
        const args = ["COUNT", REPLAY_PAGE_ENTRIES, "BLOCK", blockMs, "STREAMS"];
        const pending = blocking.call("XREAD", [
          ...args,
          ...reads.map((r) => r.key),
          ...reads.map((r) => r.from),
        ]);
        inFlight = true;
        const reply = await pending.finally(() => {
          inFlight = false;
        });
        const byKey = new Map(reads.map((read) => [read.key, read]));
        for (const { key, entries } of parseXread(reply)) {
          const read = byKey.get(key);
          if (read) deliver(read.taskId, read.from, entries);
        }
        if (Date.now() - lastSweep >= sweepMs) await sweep();
        failures = 0;
      } catch {
        if (closed) break;
        // Redis is down or restarting: back off; subscribers keep waiting (their SSE heartbeats
        // continue) and resume from their cursors once the connection is back.
        readerId = null;
        sweepDue = true;
        failures += 1;
        await delay(Math.min(2000, 25 * 2 ** failures), undefined, { ref: false });
      }
    }
  }

  return {
    subscribe(taskId, sink) {
      let subscription = subscriptions.get(taskId);
      if (!subscription) {
        subscription = {
          logKey: keys.log(taskId),
          taskKey: keys.task(taskId),
          cursor: sink.lastReceived,
          sinks: new Set(),
        };
        subscriptions.set(taskId, subscription);
        wake();
      } else if (compareEntryIds(sink.lastReceived, subscription.cursor) < 0) {
        subscription.cursor = sink.lastReceived;
        wake();
      }
      subscription.sinks.add(sink);
      if (!running && !closed) {
        running = true;
        void loop().finally(() => {
          running = false;
        });
      }
      const current = subscription;
      return () => {
        current.sinks.delete(sink);
        // No wake: a key nobody reads any more costs nothing until the next XREAD drops it.
        if (current.sinks.size === 0 && subscriptions.get(taskId) === current) subscriptions.delete(taskId);
      };
    },
    get taskCount() {
      return subscriptions.size;
    },
    close() {
      closed = true;
      idle.notify();
      for (const subscription of subscriptions.values()) {
        for (const sink of [...subscription.sinks]) sink.lost("closed");
      }
      subscriptions.clear();
    },
  };
}
