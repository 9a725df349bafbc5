// `npm run bench:failover`: the pause a user sees when the worker writing their answer dies
// (`kill -9`), with the default BullMQ settings (WORKER_LOCK_MS=10000, WORKER_STALLED_INTERVAL_MS=5000)
// unless overridden in the environment. One API-only process and workers from source on a private
// Redis and a PostgreSQL database of its own (loopback only); five turns, one kill each. Prints the
// gaps (from the kill, while chunks arrive every ~20 ms, to the first chunk after it) and their median.
import type { ChatSession } from "@copilot/protocol";
import { startCluster } from "../apps/server/src/testing/cluster";
import { httpClient } from "../apps/server/src/testing/http-client";
import { openSse, textOf } from "../apps/server/src/testing/sse-client";

const RUNS = 5;
const lockMs = process.env.WORKER_LOCK_MS ?? "10000";
const stalledMs = process.env.WORKER_STALLED_INTERVAL_MS ?? "5000";

const cluster = await startCluster({
  apis: 1,
  workers: 1,
  env: { OFFLINE_MODEL_DELAY_MS: "20", WORKER_LOCK_MS: lockMs, WORKER_STALLED_INTERVAL_MS: stalledMs },
});
const gaps: number[] = [];
try {
  const api = httpClient(cluster.apis[0]!.url);
  await api.signup(`failover-${Date.now()}@example.com`);
  for (let run = 0; run < RUNS; run++) {
    const sessionId = (await api.json<ChatSession>("POST", "/api/chat/sessions", {})).id;
    const sse = await openSse(`${api.base}/api/chat/sessions/${sessionId}/stream`, {
      method: "POST",
      headers: { ...api.headers(), "content-type": "application/json" },
      body: JSON.stringify({ message: "a long answer please" }),
    });
    await sse.waitFor((entries) => textOf(entries).split(" ").length > 40);
    // Only one worker is alive when the turn starts, so the one killed is the one writing it.
    const doomed = cluster.workers.at(-1)!;
    await cluster.startWorker();
    const before = sse.entries.length;
    const killedAt = Date.now();
    doomed.child.kill("SIGKILL");
    await doomed.exited;
    await sse.waitFor((entries) => entries.length > before + 1);
    const gap = Date.now() - killedAt;
    sse.close();
    gaps.push(gap);
    console.log(`run ${run + 1}: ${(gap / 1000).toFixed(2)} s from kill -9 to the next chunk`);
  }
} finally {
  await cluster.close();
}
const sorted = [...gaps].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)]!;
console.log(
  `\nWORKER_LOCK_MS=${lockMs} WORKER_STALLED_INTERVAL_MS=${stalledMs}: median ${(median / 1000).toFixed(2)} s, ` +
    `min ${(sorted[0]! / 1000).toFixed(2)} s, max ${(sorted.at(-1)! / 1000).toFixed(2)} s over ${RUNS} kills`,
);
process.exit(0);
