import {
  type ChatSessionDetail,
  errorCodeSchema,
  type PostMessageBody,
  type StreamEntry,
} from "@copilot/protocol";
import type { QueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/api-error";
import { cancelTask, chatSessionQueryOptions } from "../queries/chat";
import { type Election, electLeader } from "./leader-election";
import { initialSnapshot, type LiveSnapshot } from "./live-snapshot";
import { announceSessionsChanged } from "./sessions-channel";
import { idleStreamState, streamStateForTask } from "./stream-state";
import {
  type SendError,
  type SendRequest,
  sessionChannelName,
  sessionLockName,
  type TabMessage,
  tabMessageSchema,
} from "./tab-messages";
import { type ConnectionEnd, connectTask, type StreamSource, type TaskConnection } from "./task-connection";
import { appendEntry, applyReplay, beginTask, followRelayed, lastIdOf, type RelayedEntry } from "./task-log";

export type SendOutcome = {
  /** True when another turn was already running: the page attached to it and the message was not sent. */
  attached: boolean;
};

export type SessionStreamOptions = {
  queryClient: QueryClient;
  fetch?: typeof fetch;
  /** Light polling of the session while idle and visible, to learn of turns started elsewhere. */
  pollIntervalMs?: number;
};

type SnapshotPatch = { -readonly [Key in keyof LiveSnapshot]?: LiveSnapshot[Key] };

const POLL_MS = 2_000;
// Renders and relays are batched: a model streams dozens of deltas a second, and eight tabs each
// re-rendering (and re-validating) every one of them would starve a small machine. 50 ms is below
// what a reader notices; hidden tabs only need to catch up when shown.
const RENDER_INTERVAL_MS = 50;
const HIDDEN_RENDER_INTERVAL_MS = 1_000;
const RELAY_INTERVAL_MS = 40;
const SEND_TIMEOUT_MS = 15_000;
const REPLAY_RETRY_MS = 2_000;

/**
 * Everything one tab does for one session's stream (STYLE 24: the hook around it stays thin).
 *
 * Tabs of a browser elect a leader per session with a Web Lock. The leader alone holds the SSE
 * connection (re-attaching after drops and stalls) and polls the session while idle and some tab
 * is visible; it relays every entry, chained by `prevId`, on a BroadcastChannel, and posts turns
 * that followers ask for. Followers mirror it and ask for a replay when they notice a gap. Every
 * tab keeps the whole log of the current task, so a tab that takes over resumes from its own last
 * id. One long-lived connection per session per browser, whatever the number of tabs.
 */
export class SessionStream {
  private snapshot: LiveSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly tabId = crypto.randomUUID();
  private channel: BroadcastChannel | null = null;
  private election: Election | null = null;
  private connection: { handle: TaskConnection } | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private replayTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly visibleFollowers = new Set<string>();
  private awaitingReplay = false;
  private buffered: RelayedEntry[] = [];
  private sendWaiter: { resolve(outcome: SendOutcome): void; reject(error: unknown): void } | null = null;
  private readonly remoteSends = new Map<
    string,
    { resolve(outcome: SendOutcome): void; reject(error: unknown): void }
  >();
  private cancelWhenKnown = false;
  private wasFollower = false;
  private started = false;
  private disposed = false;
  private readonly cleanups: Array<() => void> = [];
  private notifyTimer: ReturnType<typeof setTimeout> | null = null;
  private lastNotify = 0;
  private relayBuffer: { taskId: string; prevId: string | null; entries: StreamEntry[] } | null = null;
  private relayTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly sessionId: string,
    private readonly options: SessionStreamOptions,
    detail: ChatSessionDetail | null,
  ) {
    this.snapshot = initialSnapshot(detail);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LiveSnapshot => this.snapshot;

  private update(patch: SnapshotPatch) {
    this.snapshot = { ...this.snapshot, ...patch };
    if (this.notifyTimer) return;
    const interval = this.isVisible() ? RENDER_INTERVAL_MS : HIDDEN_RENDER_INTERVAL_MS;
    const wait = this.lastNotify + interval - Date.now();
    if (wait <= 0) this.notify();
    else this.notifyTimer = setTimeout(() => this.notify(), wait);
  }

  private notify() {
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.notifyTimer = null;
    this.lastNotify = Date.now();
    for (const listener of this.listeners) listener();
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────────

  start() {
    if (this.started || this.disposed) return;
    this.started = true;
    if (typeof BroadcastChannel !== "undefined") {
      const channel = new BroadcastChannel(sessionChannelName(this.sessionId));
      channel.onmessage = (event: MessageEvent) => this.receive(event.data);
      this.channel = channel;
    }
    const onVisibility = () => this.onVisibility();
    const onOnline = () => this.onOnline();
    const onPageHide = () => this.post({ kind: "visibility", from: this.tabId, visible: false });
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("online", onOnline);
    window.addEventListener("pagehide", onPageHide);
    this.cleanups.push(() => {
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("pagehide", onPageHide);
    });
    this.election = electLeader(sessionLockName(this.sessionId), {
      onLeader: () => this.becomeLeader(),
      onFollower: () => this.becomeFollower(),
    });
  }

  /** Leaves the session: closes the connection (the turn keeps running), hands leadership on. */
  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    this.connection?.handle.stop();
    this.connection = null;
    this.election?.release();
    this.post({ kind: "visibility", from: this.tabId, visible: false });
    this.channel?.close();
    for (const timer of [this.pollTimer, this.replayTimer, this.notifyTimer, this.relayTimer]) {
      if (timer) clearTimeout(timer);
    }
    for (const cleanup of this.cleanups) cleanup();
    const closed = new Error("the conversation was closed");
    this.sendWaiter?.reject(closed);
    for (const waiter of this.remoteSends.values()) waiter.reject(closed);
    this.remoteSends.clear();
  }

  private isVisible = () => typeof document !== "undefined" && document.visibilityState === "visible";

  private becomeFollower() {
    if (this.snapshot.role !== "pending") return;
    this.wasFollower = true;
    this.update({ role: "follower" });
    this.sayHello();
  }

  private becomeLeader() {
    if (this.disposed) return;
    const tookOver = this.wasFollower;
    this.awaitingReplay = false;
    this.buffered = [];
    this.update({ role: "leader", reconnecting: false });
    this.post({ kind: "leader", from: this.tabId });
    const { stream } = this.snapshot.log;
    // Resume the task this tab was showing from its own last id (exactly one attach on a load
    // whose first HTML already said a turn runs).
    if (stream.phase === "streaming" && stream.taskId) this.follow({ kind: "task", taskId: stream.taskId });
    else if (tookOver || this.snapshot.sending) this.schedulePoll(0);
    else this.schedulePoll();
  }

  // ── leader: connection ─────────────────────────────────────────────────────────────────────

  private follow(source: StreamSource) {
    this.connection?.handle.stop();
    let taskId = source.kind === "task" ? source.taskId : null;
    const handle = connectTask({
      source,
      fetch: this.options.fetch,
      lastId: () => lastIdOf(this.snapshot.log),
      events: {
        onEntry: (entry) => this.ingest(taskId, entry),
        onTaskId: (id, how) => {
          taskId = id;
          this.onTaskId(id, how);
        },
        onReconnecting: (reconnecting) => {
          this.update({ reconnecting });
          this.broadcastLive();
        },
      },
    });
    const connection = { handle };
    this.connection = connection;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    if (source.kind === "task") this.update({ log: beginTask(this.snapshot.log, source.taskId) });
    void handle.done.then((end) => this.onConnectionEnd(connection, end));
  }

  private ingest(taskId: string | null, entry: StreamEntry) {
    if (taskId === null || this.disposed) return;
    const base = beginTask(this.snapshot.log, taskId);
    const prevId = lastIdOf(base);
    const log = appendEntry(base, taskId, entry);
    if (lastIdOf(log) === prevId) return;
    this.update({ log });
    this.relay(taskId, prevId, entry);
  }

  /** Queues an entry for the followers; consecutive entries of one task go out as one message. */
  private relay(taskId: string, prevId: string | null, entry: StreamEntry) {
    if (!this.channel) return;
    if (this.relayBuffer?.taskId === taskId) {
      this.relayBuffer.entries.push(entry);
      return;
    }
    this.flushRelay();
    this.relayBuffer = { taskId, prevId, entries: [entry] };
    this.relayTimer = setTimeout(() => this.flushRelay(), RELAY_INTERVAL_MS);
  }

  private flushRelay() {
    if (this.relayTimer) clearTimeout(this.relayTimer);
    this.relayTimer = null;
    const buffer = this.relayBuffer;
    this.relayBuffer = null;
    if (buffer) this.postNow({ kind: "entries", ...buffer });
  }

  private onTaskId(taskId: string, how: "started" | "turn_active") {
    const patch: SnapshotPatch = { log: beginTask(this.snapshot.log, taskId), sending: false };
    // A 409: another turn was running, so this message was never saved; show that turn instead.
    if (how === "turn_active") patch.pendingUser = null;
    this.update(patch);
    this.sendWaiter?.resolve({ attached: how === "turn_active" });
    this.sendWaiter = null;
    this.broadcastLive();
    if (this.cancelWhenKnown) {
      this.cancelWhenKnown = false;
      void this.stop();
    }
  }

  private onConnectionEnd(connection: { handle: TaskConnection }, end: ConnectionEnd) {
    if (this.connection !== connection || this.disposed) return;
    this.connection = null;
    if (end.kind === "stopped") return;
    if (end.kind === "rejected" && this.snapshot.sending) {
      // The POST was refused before the turn started (413, 400, 404…): nothing was sent.
      this.update({
        sending: false,
        pendingUser: null,
        replacing: null,
        log: { stream: idleStreamState, entries: [] },
      });
      this.sendWaiter?.reject(end.error);
      this.sendWaiter = null;
    } else {
      const { stream } = this.snapshot.log;
      // `finish` normally ended the phase already; an expired or trimmed stream ends it here, and
      // the session detail fetched next carries the saved message.
      if (stream.phase === "streaming")
        this.update({ log: { ...this.snapshot.log, stream: { ...stream, phase: "ended" } } });
    }
    this.update({ reconnecting: false });
    this.broadcastLive();
    announceSessionsChanged();
    void this.refreshDetail().finally(() => this.schedulePoll());
  }

  // ── leader: polling and the session detail ─────────────────────────────────────────────────

  private anyTabVisible = () => this.isVisible() || this.visibleFollowers.size > 0;

  private schedulePoll(delayMs = this.options.pollIntervalMs ?? POLL_MS) {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    if (this.disposed || this.snapshot.role !== "leader" || this.snapshot.gone) return;
    if (this.connection || this.snapshot.sending || !this.anyTabVisible()) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      void this.refreshDetail().finally(() => this.schedulePoll());
    }, delayMs);
  }

  private async refreshDetail() {
    try {
      const detail = await this.options.queryClient.fetchQuery({
        ...chatSessionQueryOptions(this.sessionId),
        staleTime: 0,
      });
      if (this.disposed) return;
      this.applyDetail(detail);
      this.post({ kind: "detail", detail });
    } catch (error) {
      if (error instanceof ApiError && error.code === "not_found") {
        this.update({ gone: true });
        this.post({ kind: "gone" });
      }
      // Anything else (offline, 5xx): the next poll tries again.
    }
  }

  /** Takes in a fresh session detail (fetched here or relayed by the leader). */
  private applyDetail(detail: ChatSessionDetail) {
    this.options.queryClient.setQueryData(chatSessionQueryOptions(this.sessionId).queryKey, detail);
    const { pendingUser, replacing, sending } = this.snapshot;
    const savedIds = new Set(detail.messages.map((message) => message.id));
    const patch: SnapshotPatch = {};
    if (pendingUser && savedIds.has(pendingUser.id)) patch.pendingUser = null;
    if (replacing && !savedIds.has(replacing)) patch.replacing = null;
    const active = detail.active_stream;
    const { log } = this.snapshot;
    if (active && !sending && log.stream.taskId !== active.task_id) {
      if (this.snapshot.role === "leader") {
        this.update(patch);
        this.follow({ kind: "task", taskId: active.task_id });
        return;
      }
      patch.log = beginTask(log, active.task_id);
      this.update(patch);
      this.requestReplay();
      return;
    }
    // The message-or-active_stream rule: no active stream means the turn's message is saved.
    if (
      !active &&
      !sending &&
      !this.connection &&
      log.stream.phase === "streaming" &&
      this.snapshot.role !== "follower"
    ) {
      patch.log = { ...log, stream: { ...log.stream, phase: "ended" } };
    }
    this.update(patch);
  }

  // ── tabs ───────────────────────────────────────────────────────────────────────────────────

  /** Posts to the other tabs, after any relayed entries still queued (tabs see one order). */
  private post(message: TabMessage) {
    this.flushRelay();
    this.postNow(message);
  }

  private postNow(message: TabMessage) {
    if (!this.channel || (this.disposed && message.kind !== "visibility")) return;
    try {
      this.channel.postMessage(message);
    } catch {
      // Closed channel (the tab is going away): nothing to tell.
    }
  }

  private broadcastLive() {
    if (this.snapshot.role !== "leader") return;
    const { log, sending, reconnecting, pendingUser, replacing } = this.snapshot;
    this.post({ kind: "live", taskId: log.stream.taskId, sending, reconnecting, pendingUser, replacing });
  }

  private sayHello() {
    const { log } = this.snapshot;
    this.post({
      kind: "hello",
      from: this.tabId,
      taskId: log.stream.taskId,
      lastId: lastIdOf(log),
      visible: this.isVisible(),
    });
  }

  private requestReplay() {
    this.awaitingReplay = true;
    this.sayHello();
    if (this.replayTimer) clearTimeout(this.replayTimer);
    // The leader may be changing hands: ask again until a replay (or a fresh first entry) comes.
    this.replayTimer = setTimeout(() => {
      this.replayTimer = null;
      if (this.awaitingReplay && !this.disposed && this.snapshot.role === "follower") this.requestReplay();
    }, REPLAY_RETRY_MS);
  }

  private receive(data: unknown) {
    if (this.disposed) return;
    const parsed = tabMessageSchema.safeParse(data);
    if (!parsed.success) return;
    const message = parsed.data;
    if (this.snapshot.role === "leader") this.receiveAsLeader(message);
    else this.receiveAsFollower(message);
  }

  private receiveAsLeader(message: TabMessage) {
    switch (message.kind) {
      case "hello": {
        this.trackVisibility(message.from, message.visible);
        const { log } = this.snapshot;
        if (log.stream.taskId && (message.taskId !== log.stream.taskId || message.lastId !== lastIdOf(log))) {
          this.post({
            kind: "replay",
            to: message.from,
            taskId: log.stream.taskId,
            entries: [...log.entries],
          });
        }
        this.broadcastLive();
        // A follower knows of a task this tab does not: look now.
        if (message.taskId && message.taskId !== log.stream.taskId && !this.connection) this.schedulePoll(0);
        return;
      }
      case "visibility":
        this.trackVisibility(message.from, message.visible);
        return;
      case "send":
        this.performSend(message.request).then(
          (outcome) =>
            this.post({
              kind: "send-result",
              to: message.from,
              requestId: message.requestId,
              attached: outcome.attached,
              error: null,
            }),
          (error: unknown) =>
            this.post({
              kind: "send-result",
              to: message.from,
              requestId: message.requestId,
              attached: false,
              error: toSendError(error),
            }),
        );
        return;
      default:
        // Entries, replays, live state and details come from leaders; a second leader cannot exist
        // under the lock, and a stale message from a previous one is ignored.
        return;
    }
  }

  private trackVisibility(tabId: string, visible: boolean) {
    const was = this.anyTabVisible();
    if (visible) this.visibleFollowers.add(tabId);
    else this.visibleFollowers.delete(tabId);
    if (!was && this.anyTabVisible()) this.schedulePoll(0);
  }

  private receiveAsFollower(message: TabMessage) {
    switch (message.kind) {
      case "leader":
        if (message.from !== this.tabId) this.sayHello();
        return;
      case "entries":
        this.followEntries(message);
        return;
      case "replay": {
        if (message.to !== this.tabId) return;
        this.awaitingReplay = false;
        const log = applyReplay(this.snapshot.log, message.taskId, message.entries);
        this.update({ log });
        const pending = this.buffered;
        this.buffered = [];
        for (const [index, relayed] of pending.entries()) {
          // Another gap: followEntry kept this one; keep the rest behind it for the next replay.
          if (!this.followEntry(relayed)) {
            this.buffered.push(...pending.slice(index + 1));
            break;
          }
        }
        return;
      }
      case "live":
        this.followLive(message);
        return;
      case "detail":
        this.applyDetail(message.detail);
        return;
      case "gone":
        this.update({ gone: true });
        return;
      case "send-result": {
        const waiter = this.remoteSends.get(message.requestId);
        if (message.to !== this.tabId || !waiter) return;
        this.remoteSends.delete(message.requestId);
        if (message.error) waiter.reject(fromSendError(message.error));
        else waiter.resolve({ attached: message.attached });
        return;
      }
      default:
        return;
    }
  }

  private followEntries(message: Extract<TabMessage, { kind: "entries" }>) {
    let prevId = message.prevId;
    for (const entry of message.entries) {
      this.followEntry({ taskId: message.taskId, prevId, entry });
      prevId = entry.id;
    }
  }

  /** Applies one relayed entry; false when it opened a gap (it is kept for after the replay). */
  private followEntry(relayed: RelayedEntry): boolean {
    // While a replay is on its way, keep entries for after it; a task's first entry needs none.
    if (this.awaitingReplay && relayed.prevId !== null) {
      this.buffered.push(relayed);
      return false;
    }
    const step = followRelayed(this.snapshot.log, relayed);
    this.update({ log: step.log });
    if (step.inSync) return true;
    this.buffered.push(relayed);
    this.requestReplay();
    return false;
  }

  private followLive(message: Extract<TabMessage, { kind: "live" }>) {
    const patch: SnapshotPatch = {
      reconnecting: message.reconnecting,
      pendingUser: message.pendingUser,
      replacing: message.replacing,
      sending: message.sending,
    };
    const { log } = this.snapshot;
    if (message.taskId && message.taskId !== log.stream.taskId) {
      // A turn this tab watched being sent needs no replay: its first entry is relayed with no
      // predecessor. Any other task switch may have happened while this tab was not listening.
      const fresh =
        log.stream.taskId === null && log.entries.length === 0 && log.stream.phase === "streaming";
      patch.log = beginTask(log, message.taskId);
      this.update(patch);
      if (!fresh) this.requestReplay();
    } else if (message.sending && log.stream.phase !== "streaming") {
      this.update({ ...patch, log: { stream: streamStateForTask(null), entries: [] } });
    } else if (
      !message.sending &&
      !message.taskId &&
      log.entries.length === 0 &&
      log.stream.phase === "streaming"
    ) {
      // The leader's send was refused: back to idle.
      this.update({ ...patch, log: { stream: idleStreamState, entries: [] } });
    } else {
      this.update(patch);
    }
    if (this.cancelWhenKnown && message.taskId) {
      this.cancelWhenKnown = false;
      void this.stop();
    }
  }

  // ── visibility and network ─────────────────────────────────────────────────────────────────

  private onVisibility() {
    const visible = this.isVisible();
    if (this.snapshot.role !== "leader") {
      this.post({ kind: "visibility", from: this.tabId, visible });
      return;
    }
    if (!visible) return;
    // A tab that slept may hold a connection that died silently: re-attach if it went quiet.
    this.connection?.handle.nudge();
    if (!this.connection) this.schedulePoll(0);
  }

  private onOnline() {
    if (this.snapshot.role !== "leader") return;
    this.connection?.handle.nudge();
    if (!this.connection) this.schedulePoll(0);
  }

  // ── commands ───────────────────────────────────────────────────────────────────────────────

  /** Sends a message (or regenerates an answer) through the leader tab. */
  async send(request: SendRequest): Promise<SendOutcome> {
    if (this.disposed) throw new Error("the conversation was closed");
    this.start();
    await this.roleSettled();
    if (this.snapshot.role === "leader") return this.performSend(request);
    return this.sendThroughLeader(request);
  }

  private roleSettled(): Promise<void> {
    if (this.snapshot.role !== "pending") return Promise.resolve();
    return new Promise((resolve) => {
      const unsubscribe = this.subscribe(() => {
        if (this.snapshot.role === "pending") return;
        unsubscribe();
        resolve();
      });
    });
  }

  private optimistic(request: SendRequest): SnapshotPatch {
    return {
      sending: true,
      pendingUser:
        request.kind === "message"
          ? { id: request.clientMessageId, role: "user", parts: [{ type: "text", text: request.text }] }
          : null,
      replacing: request.kind === "regenerate" ? request.message.id : null,
      log: { stream: streamStateForTask(null), entries: [] },
    };
  }

  private performSend(request: SendRequest): Promise<SendOutcome> {
    if (this.snapshot.sending || this.connection) {
      return Promise.reject(
        new ApiError("turn_active", "A reply is still being written in this conversation.", 409),
      );
    }
    const body: PostMessageBody =
      request.kind === "message"
        ? { message: request.text, client_message_id: request.clientMessageId }
        : { messages: [request.message], trigger: "regenerate-message", messageId: request.message.id };
    this.update(this.optimistic(request));
    this.broadcastLive();
    return new Promise<SendOutcome>((resolve, reject) => {
      this.sendWaiter = { resolve, reject };
      this.follow({ kind: "post", sessionId: this.sessionId, body });
    });
  }

  private sendThroughLeader(request: SendRequest): Promise<SendOutcome> {
    const requestId = crypto.randomUUID();
    const previous = this.snapshot;
    this.update(this.optimistic(request));
    return new Promise<SendOutcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.remoteSends.delete(requestId);
        fail(new Error("The tab holding this conversation's connection did not answer."));
      }, SEND_TIMEOUT_MS);
      const fail = (error: unknown) => {
        clearTimeout(timer);
        if (this.snapshot.sending) {
          this.update({ sending: false, pendingUser: null, replacing: null, log: previous.log });
        }
        reject(error);
      };
      this.remoteSends.set(requestId, {
        resolve: (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
        reject: fail,
      });
      this.post({ kind: "send", from: this.tabId, requestId, request });
    });
  }

  /** Stop: cancels the task on the server (any tab may). Before the task id is known, as soon as it is. */
  async stop(): Promise<void> {
    const taskId = this.snapshot.log.stream.taskId;
    if (!taskId) {
      if (this.snapshot.sending) this.cancelWhenKnown = true;
      return;
    }
    if (this.snapshot.stopping) return;
    this.update({ stopping: true });
    try {
      await cancelTask(taskId);
    } finally {
      this.update({ stopping: false });
    }
  }
}

function toSendError(error: unknown): SendError {
  if (error instanceof ApiError) return { code: error.code, message: error.message, status: error.status };
  return { code: "internal", message: error instanceof Error ? error.message : "send failed", status: 0 };
}

function fromSendError(error: SendError): ApiError {
  const code = errorCodeSchema.safeParse(error.code);
  return new ApiError(code.success ? code.data : "internal", error.message, error.status);
}
