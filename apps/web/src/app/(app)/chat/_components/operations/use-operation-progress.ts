"use client";

import type { OperationProgressData, StreamEntry } from "@copilot/protocol";
import { useEffect, useState } from "react";
import { progressOf } from "@/lib/chat/operation-view";
import { connectTask } from "@/lib/chat/transport/task-connection";

/**
 * The progress chunks of an operation's log: replayed from the start, then followed live to its
 * `finish`, re-attaching after drops like the chat's own stream. A log that has expired (410) or
 * was never known simply shows nothing more: the operation's record still tells how it ended.
 */
export function useOperationProgress(progressTaskId: string | null): OperationProgressData[] {
  const [entries, setEntries] = useState<StreamEntry[]>([]);
  useEffect(() => {
    if (progressTaskId === null) return;
    const seen: StreamEntry[] = [];
    let scheduled = false;
    const connection = connectTask({
      source: { kind: "task", taskId: progressTaskId },
      lastId: () => seen.at(-1)?.id ?? null,
      events: {
        onEntry(entry) {
          seen.push(entry);
          // One render per burst (a replay arrives as many entries at once).
          if (scheduled) return;
          scheduled = true;
          queueMicrotask(() => {
            scheduled = false;
            setEntries([...seen]);
          });
        },
        onTaskId: () => undefined,
        onReconnecting: () => undefined,
      },
    });
    return () => connection.stop();
  }, [progressTaskId]);
  return progressOf(entries);
}
