import type { ChatSessionDetail, StreamEntry } from "@copilot/protocol";
import { QueryClient } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "./clock";
import { textTurn, toEntries } from "./reducer/stream-fixtures";
import { idleStreamState } from "./reducer/stream-state";
import { appendEntry, lastIdOf, type TaskLog } from "./reducer/task-log";
import { SessionStream } from "./session-stream";
import type { SessionStreamDeps, TabBus } from "./session-stream-deps";
import type { ElectionEvents } from "./tabs/leader-election";
import { type TabMessage, tabMessageSchema } from "./tabs/tab-messages";
import type { ConnectionEnd, ConnectionOptions } from "./transport/task-connection";

/**
 * The multi-tab protocol without a browser: tabs are SessionStreams in one process, joined by a fake
 * BroadcastChannel (messages validated and cloned as between real tabs, delivered asynchronously),
 * a fake Web Lock and fake connections the test feeds entries through.
 */
const SESSION = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
const TASK = "5d1b3a43-3f5b-4a4e-9d7f-111111111111"; // the task id in the fixtures' `start`
const entries = toEntries(textTurn);
const fullLog = entries.reduce<TaskLog>((log, entry) => appendEntry(log, TASK, entry), {
  stream: idleStreamState,
  entries: [],
});

type Member = { tab: string; onMessage(message: TabMessage): void; open: boolean };

/** The tabs' channel: every message reaches every other open tab unless `drop` says otherwise. */
class FakeBus {
  private readonly members = new Set<Member>();
  readonly sent: Array<{ from: string; message: TabMessage }> = [];
  drop: ((message: TabMessage, to: string) => boolean) | null = null;

  open(tab: string, onMessage: (message: TabMessage) => void): TabBus {
    const member: Member = { tab, onMessage, open: true };
    this.members.add(member);
    return {
      post: (message) => this.send(member, message),
      relay: (taskId, prevId, entry) =>
        this.send(member, { kind: "entries", taskId, prevId, entries: [entry] }),
      close: () => {
        member.open = false;
        this.members.delete(member);
      },
    };
  }

  private send(from: Member, message: TabMessage) {
    const data = tabMessageSchema.parse(structuredClone(message));
    this.sent.push({ from: from.tab, message: data });
    for (const member of this.members) {
      if (member === from || this.drop?.(data, member.tab)) continue;
      queueMicrotask(() => {
        if (member.open) member.onMessage(data);
      });
    }
  }
}

/** One Web Lock: granted to the first tab, then to the next in line when the holder releases. */
class FakeLock {
  private holder: ElectionEvents | null = null;
  private queue: ElectionEvents[] = [];

  elect(events: ElectionEvents) {
    if (!this.holder) {
      this.holder = events;
      queueMicrotask(events.onLeader);
    } else {
      this.queue.push(events);
      queueMicrotask(events.onFollower);
    }
    return {
      release: () => {
        if (this.holder !== events) {
          this.queue = this.queue.filter((queued) => queued !== events);
          return;
        }
        this.holder = this.queue.shift() ?? null;
        if (this.holder) queueMicrotask(this.holder.onLeader);
      },
    };
  }
}

type FakeConnection = {
  tab: string;
  options: ConnectionOptions;
  stopped: boolean;
  end(end: ConnectionEnd): void;
};

function world() {
  const bus = new FakeBus();
  const lock = new FakeLock();
  const connections: FakeConnection[] = [];
  const cancelled: string[] = [];
  const streams: SessionStream[] = [];
  const detail: ChatSessionDetail = {
    id: SESSION,
    title: "t",
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: "2026-01-01T00:00:00.000Z",
    pinned: false,
    running: false,
    messages: [],
    versions: {},
    active_stream: null,
  };
  let ids = 0;

  function tab(name: string): SessionStream {
    const deps: SessionStreamDeps = {
      connect(options) {
        let finish: (end: ConnectionEnd) => void = () => {};
        const done = new Promise<ConnectionEnd>((resolve) => {
          finish = resolve;
        });
        const connection: FakeConnection = { tab: name, options, stopped: false, end: finish };
        connections.push(connection);
        return {
          nudge() {},
          stop() {
            connection.stopped = true;
            finish({ kind: "stopped" });
          },
          done,
        };
      },
      openChannel: (_sessionId, onMessage) => bus.open(name, onMessage),
      elect: (_name, events) => lock.elect(events),
      clock: systemClock,
      page: { isVisible: () => true, listen: () => () => {} },
      newId: () => `${name}-${++ids}`,
      sessionsChanged() {},
      cancelTask: async (taskId) => cancelled.push(taskId),
      loadDetail: async () => detail,
    };
    const stream = new SessionStream(
      SESSION,
      { queryClient: new QueryClient(), pollIntervalMs: 60_000, deps },
      null,
    );
    streams.push(stream);
    stream.start();
    return stream;
  }

  const connectionOf = (name: string) => connections.filter((c) => c.tab === name && !c.stopped).at(-1);
  return {
    bus,
    tab,
    connections,
    connectionOf,
    cancelled,
    dispose: () => {
      for (const stream of streams) stream.dispose();
    },
  };
}

/** Polls `check` until it holds (no fixed sleeps), failing after a deadline. */
async function until(check: () => boolean, what: string, timeoutMs = 2_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const lastId = (stream: SessionStream) => lastIdOf(stream.getSnapshot().log);
const role = (stream: SessionStream) => stream.getSnapshot().role;

let current: ReturnType<typeof world> | null = null;
afterEach(() => current?.dispose());

/** Two tabs, `a` leading and `b` following, with `a` streaming the answer to a message it sent. */
async function leaderStreaming() {
  current = world();
  const w = current;
  const a = w.tab("a");
  await until(() => role(a) === "leader", "a to lead");
  const b = w.tab("b");
  await until(() => role(b) === "follower", "b to follow");
  const sent = a.send({ kind: "message", text: "hi", clientMessageId: "c1" });
  await until(() => w.connectionOf("a") !== undefined, "a to post");
  const connection = w.connectionOf("a");
  if (!connection) throw new Error("no connection");
  connection.options.events.onTaskId(TASK, "started");
  await expect(sent).resolves.toEqual({ attached: false });
  await until(() => b.getSnapshot().log.stream.taskId === TASK, "b to know the task");
  return { w, a, b, connection };
}

const feed = (connection: FakeConnection, from: number, to: number) => {
  for (const entry of entries.slice(from, to)) connection.options.events.onEntry(entry as StreamEntry);
};

describe("SessionStream across tabs", () => {
  it("a follower mirrors the leader's answer entry by entry", async () => {
    const { a, b, connection } = await leaderStreaming();
    expect(connection.options.source).toEqual({
      kind: "post",
      sessionId: SESSION,
      body: { message: "hi", client_message_id: "c1" },
    });
    feed(connection, 0, entries.length);
    await until(() => lastId(b) === entries.at(-1)?.id, "b to catch up");
    expect(b.getSnapshot().log.stream.message).toEqual(fullLog.stream.message);
    expect(a.getSnapshot().log.stream.message).toEqual(fullLog.stream.message);
  });

  it("a follower takes over mid-answer and resumes from its own last entry", async () => {
    const { w, a, b, connection } = await leaderStreaming();
    feed(connection, 0, 3);
    await until(() => lastId(b) === entries[2]?.id, "b to mirror three entries");

    a.dispose();
    expect(connection.stopped).toBe(true);
    await until(() => role(b) === "leader", "b to take over");
    const resumed = w.connectionOf("b");
    expect(resumed?.options.source).toEqual({ kind: "task", taskId: TASK });
    expect(resumed?.options.lastId()).toBe(entries[2]?.id);

    if (!resumed) throw new Error("b did not attach");
    feed(resumed, 3, entries.length);
    await until(() => lastId(b) === entries.at(-1)?.id, "b to finish the answer");
    expect(b.getSnapshot().log.stream.message).toEqual(fullLog.stream.message);
    expect(b.getSnapshot().log.stream.phase).toBe("ended");
  });

  it("a follower that missed relayed entries asks for a replay and ends in step", async () => {
    const { w, a, b, connection } = await leaderStreaming();
    feed(connection, 0, 2);
    await until(() => lastId(b) === entries[1]?.id, "b to mirror two entries");

    // The channel loses the next two entries on their way to b.
    let lost = 0;
    w.bus.drop = (message, to) => to === "b" && message.kind === "entries" && lost++ < 2;
    feed(connection, 2, 4);
    await until(() => lost === 2, "two entries to be lost");
    w.bus.drop = null;
    feed(connection, 4, entries.length);

    await until(() => lastId(b) === entries.at(-1)?.id, "b to recover");
    const replays = w.bus.sent.filter(({ from, message }) => from === "a" && message.kind === "replay");
    expect(replays.length).toBeGreaterThan(0);
    expect(b.getSnapshot().log.entries).toEqual(a.getSnapshot().log.entries);
    expect(b.getSnapshot().log.stream.message).toEqual(fullLog.stream.message);
  });

  it("a follower's send is posted by the leader and its outcome comes back", async () => {
    current = world();
    const w = current;
    const a = w.tab("a");
    await until(() => role(a) === "leader", "a to lead");
    const b = w.tab("b");
    await until(() => role(b) === "follower", "b to follow");

    const sent = b.send({ kind: "message", text: "from b", clientMessageId: "c2" });
    await until(() => b.getSnapshot().pendingUser?.id === "c2", "b to show its message at once");
    await until(() => w.connectionOf("a") !== undefined, "a to post b's message");
    expect(w.connectionOf("b")).toBeUndefined();
    const connection = w.connectionOf("a");
    expect(connection?.options.source).toEqual({
      kind: "post",
      sessionId: SESSION,
      body: { message: "from b", client_message_id: "c2" },
    });
    connection?.options.events.onTaskId(TASK, "turn_active");
    await expect(sent).resolves.toEqual({ attached: true });
    await until(() => b.getSnapshot().pendingUser === null, "b to drop its pending message");
  });

  it("a follower's send fails when the leader is already posting one", async () => {
    const { b } = await leaderStreaming();
    const busy = b.send({ kind: "message", text: "again", clientMessageId: "c3" });
    await expect(busy).rejects.toMatchObject({ code: "turn_active" });
  });

  it("a Stop pressed in a follower cancels the leader's task", async () => {
    const { w, b } = await leaderStreaming();
    await b.stop();
    expect(w.cancelled).toEqual([TASK]);
  });
});
