import type { Redis } from "ioredis";
import { REPLAY_PAGE_ENTRIES, type StreamSnapshot } from "../stream-store";
import { asArray, type LogEntry, parseEntries, publicEntry } from "./redis-replies";
import { runScript } from "./redis-script";
import type { StreamKeys } from "./redis-stream-keys";
import { snapshotScript } from "./redis-stream-scripts";
import { hashFromPairs, parseTaskState } from "./redis-task-state";

/** Restarts after a race with a trim or an expiry; more than this in a row is a broken invariant. */
const MAX_TRIES = 3;

type Outcome = { kind: "done"; snapshot: StreamSnapshot | null } | { kind: "raced" };

/**
 * A whole log and its state, without holding Redis for the length of a long log: the first page
 * is read with the state in one script, the rest in pages up to the state's `last` id. Those
 * entries were written before the state was read, and a running log only grows, so the pages
 * complete the same instant. The exception, a trim or expiry after the task ended, shows as a gap
 * in the entries' numbers (or a missing tail) and restarts the snapshot.
 *
 * `firstReply`: the state and first page a claim already read (`claimScript`), so its snapshot
 * costs no further round trip unless the log is longer than a page.
 */
export async function readSnapshot(
  command: Redis,
  keys: StreamKeys,
  taskId: string,
  firstReply?: unknown[],
): Promise<StreamSnapshot | null> {
  for (let tries = 1; tries <= MAX_TRIES; tries++) {
    const reply =
      tries === 1 && firstReply
        ? firstReply
        : asArray(
            await runScript(
              command,
              snapshotScript,
              [keys.task(taskId), keys.log(taskId)],
              [REPLAY_PAGE_ENTRIES],
            ),
            "snapshot",
          );
    const outcome = await complete(command, keys.log(taskId), taskId, reply);
    if (outcome.kind === "done") return outcome.snapshot;
  }
  throw new Error(`snapshot of ${taskId} kept racing changes to its log`);
}

/** The snapshot from the script's reply (state and first page), reading the pages after it. */
async function complete(command: Redis, log: string, taskId: string, reply: unknown[]): Promise<Outcome> {
  if (reply[0] === "") return { kind: "done", snapshot: null };
  const state = parseTaskState(taskId, hashFromPairs(asArray(reply[0], "task hash")));
  if (!state) return { kind: "done", snapshot: null };
  // One script read the first page with the state, so it is contiguous; only later pages can race.
  const entries: LogEntry[] = parseEntries(reply[1]);

  while (state.lastId !== null && entries.at(-1)?.id !== state.lastId) {
    const cursor = entries.at(-1)?.id;
    // An empty first page with a `last` id means the log vanished under the hash: a race too.
    if (cursor === undefined) return { kind: "raced" };
    const page = parseEntries(
      await command.xrange(log, `(${cursor}`, state.lastId, "COUNT", REPLAY_PAGE_ENTRIES),
    );
    if (page.length === 0) return { kind: "raced" };
    const from = entries.length;
    entries.push(...page);
    if (!contiguous(entries, from)) return { kind: "raced" };
  }
  return { kind: "done", snapshot: { state, entries: entries.map(publicEntry) } };
}

/** True when every entry from `from` on numbers one more than the entry before it. */
function contiguous(entries: readonly LogEntry[], from: number): boolean {
  for (let i = from; i < entries.length; i++) {
    if (entries[i]!.n !== entries[i - 1]!.n + 1) return false;
  }
  return true;
}
