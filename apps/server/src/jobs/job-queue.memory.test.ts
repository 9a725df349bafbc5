import pino from "pino";
import { runJobQueueContract } from "./job-queue.contract";
import { createMemoryJobQueue } from "./memory/memory-job-queue";

const log = pino({ level: "silent" });

runJobQueueContract("memory", async () => createMemoryJobQueue({ log }), {
  abortReason: "shutdown",
  handsBack: false,
});
