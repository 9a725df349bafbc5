import type { ChatSessionDetail, PostMessageBody, StreamEntry } from "@copilot/protocol";
import type { QueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/api-error";
import { cancelTask, chatSessionQueryOptions } from "../queries/chat";
import { initialSnapshot, type LiveSnapshot } from "./live-snapshot";
import { idleStreamState, streamStateForTask } from "./reducer/stream-state";
import { appendEntry, beginTask, lastIdOf, type TaskLog } from "./reducer/task-log";
import { FollowerSync } from "./tabs/follower-sync";
import { type Election, electLeader } from "./tabs/leader-election";
import { RemoteSends, type SendOutcome, toSendError } from "./tabs/remote-sends";
import { announceSessionsChanged } from "./tabs/sessions-channel";
import { TabChannel } from "./tabs/tab-channel";
import { type SendRequest, sessionLockName, type TabMessage } from "./tabs/tab-messages";
import { ThrottledListeners } from "./throttled-listeners";
import {
  type ConnectionEnd,
  connectTask,
  type StreamSource,
  type TaskConnection,
} from "./transport/task-connection";

export type { SendOutcome } from "./tabs/remote-sends";

export type SessionStreamOptions = {
  queryClient: QueryClient;
  fetch?: typeof fetch;
  /** Light polling of the session while idle and visible, to learn of turns started elsewhere. */
  pollIntervalMs?: number;
};

type SnapshotPatch = { -readonly [Key in keyof LiveSnapshot]?: LiveSnapshot[Key] };
type Connection = { handle: TaskConnection };

const POLL_MS = 2_000;
// 50 ms is below what a reader notices; a hidden tab only needs to catch up when shown.
const RENDER_INTERVAL_MS = 50;
const HIDDEN_RENDER_INTERVAL_MS = 1_000;
const SEND_TIMEOUT_MS = 15_000;

/**
 * Everything one tab does for one session's stream (docs/style.md rule 24: the hook around it stays thin).
 * Over 400 lines because it is the one place where the leader and follower roles meet; the parts
 * that stand alone (connection, log, channel, follower sync, sends) live in their own files.
 *
 * Tabs of a browser elect a leader per session with a Web Lock. The leader alone holds the SSE
 * connection (re-attaching after drops and stalls) and polls the session while idle and some tab
 * is visible; it relays every entry, chained by `prevId`, on a BroadcastChannel, and posts the
 * turns followers ask for. Followers mirror it and ask for a replay when they notice a gap. Every
 * tab keeps the whole log of the current task, so a tab that takes over resumes from its own last
 * id. One long-lived connection per session per browser, whatever the number of tabs.
 */
export class SessionStream {
  private snapshot: LiveSnapshot;
  private readonly listeners = new ThrottledListeners(() =>
    this.isVisible() ? RENDER_INTERVAL_MS : HIDDEN_RENDER_INTERVAL_MS,
  );
  private readonly tabId = crypto.randomUUID();
  private channel: TabChannel | null = null;
  private election: Election | null = null;
  private connection: Connection | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly visibleFollowers = new Set<string>();
  private readonly follower = new FollowerSync({
    log: () => this.snapshot.log,
    setLog: (log: TaskLog) => this.update({ log }),
    askForReplay: () => this.sayHello(),
    stillFollowing: () => !this.disposed && this.snapshot.role === "follower",
  });
  private sendWaiter: { resolve(outcome: SendOutcome): void; reject(error: unknown): void } | null = null;
  private readonly remoteSends = new RemoteSends();
  private cancelWhenKnown = false;
  private wasFollower = false;
  private started = false;
  private disposed = false;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    readonly sessionId: string,
    private readonly options: SessionStreamOptions,
    detail: ChatSessionDetail | null,
  ) {
    this.snapshot = initialSnapshot(detail);
  }

  subscribe = (listener: () => void): (() => void) => this.listeners.subscribe(listener);
  getSnapshot = (): LiveSnapshot => this.snapshot;

  private update(patch: SnapshotPatch) {
    this.snapshot = { ...this.snapshot, ...patch };
    this.listeners.changed();
  }

  private isVisible = () => typeof document !== "undefined" && document.visibilityState === "visible";

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────────

  start() {
    if (this.started || this.disposed) return;
    this.started = true;
    this.channel = new TabChannel(this.sessionId, (message) => this.receive(message));
    const onVisibility = () => this.onVisibility();
    const onOnline = () => this.onWake();
    const onPageHide = () => this.channel?.post({ kind: "visibility", from: this.tabId, visible: false });
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
    this.channel?.post({ kind: "visibility", from: this.tabId, visible: false });
    this.disposed = true;
    this.connection?.handle.stop();
    this.connection = null;
    this.election?.release();
    this.channel?.close();
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.follower.reset();
    this.listeners.dispose();
    for (const cleanup of this.cleanups) cleanup();
    const closed = new Error("the conversation was closed");
    this.sendWaiter?.reject(closed);
    this.remoteSends.rejectAll(closed);
  }

  private becomeFollower() {
    if (this.snapshot.role !== "pending") return;
    this.wasFollower = true;
    this.update({ role: "follower" });
    this.sayHello();
  }

  private becomeLeader() {
    if (this.disposed) return;
    const tookOver = this.wasFollower;
    this.follower.reset();
    this.update({ role: "leader", reconnecting: false });
    this.post({ kind: "leader", from: this.tabId });
    const { stream } = this.snapshot.log;
    // Resume the task this tab was showing from its own last id (exactly one attach on a load
    // whose first HTML already said a turn runs).
    if (stream.phase === "streaming" && stream.taskId) this.follow({ kind: "task", taskId: stream.taskId });
    else this.schedulePoll(tookOver || this.snapshot.sending ? 0 : undefined);
  }

  // ── leader: the connection ─────────────────────────────────────────────────────────────────

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
    this.cancelPoll();
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
    this.channel?.relay(taskId, prevId, entry);
  }

  private onTaskId(taskId: string, how: "started" | "turn_active") {
    const patch: SnapshotPatch = { log: beginTask(this.snapshot.log, taskId), sending: false };
    // A 409: another turn was running, so this message was never saved; show that turn instead.
    if (how === "turn_active") patch.pendingUser = null;
    this.update(patch);
    this.sendWaiter?.resolve({ attached: how === "turn_active" });
    this.sendWaiter = null;
    this.broadcastLive();
    this.cancelIfAsked();
  }

  private onConnectionEnd(connection: Connection, end: ConnectionEnd) {
    if (this.connection !== connection || this.disposed) return;
    this.connection = null;
    if (end.kind === "stopped") return;
    if (end.kind === "rejected" && this.snapshot.sending) {
      // The POST was refused before the turn started (413, 400, 404…): nothing was sent.
      const log = { stream: idleStreamState, entries: [] };
      this.update({ sending: false, pendingUser: null, replacing: null, log });
      this.sendWaiter?.reject(end.error);
      this.sendWaiter = null;
    } else {
      // `finish` normally ended the phase already; an expired or trimmed stream ends it here, and
      // the session detail fetched next carries the saved message.
      this.endPhase();
    }
    this.update({ reconnecting: false });
    this.broadcastLive();
    announceSessionsChanged();
    void this.refreshDetail().finally(() => this.schedulePoll());
  }

  private endPhase() {
    const { log } = this.snapshot;
    if (log.stream.phase === "streaming")
      this.update({ log: { ...log, stream: { ...log.stream, phase: "ended" } } });
  }

  // ── leader: polling and the session detail ─────────────────────────────────────────────────

  private anyTabVisible = () => this.isVisible() || this.visibleFollowers.size > 0;

  private cancelPoll() {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private schedulePoll(delayMs = this.options.pollIntervalMs ?? POLL_MS) {
    this.cancelPoll();
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
    const { pendingUser, replacing, sending, log, role } = this.snapshot;
    const savedIds = new Set(detail.messages.map((message) => message.id));
    const patch: SnapshotPatch = {};
    if (pendingUser && savedIds.has(pendingUser.id)) patch.pendingUser = null;
    if (replacing && !savedIds.has(replacing)) patch.replacing = null;
    this.update(patch);
    const active = detail.active_stream;
    if (active && !sending && log.stream.taskId !== active.task_id) {
      // A turn started elsewhere (another tab's send went through this one; another device's did not).
      if (role === "leader") this.follow({ kind: "task", taskId: active.task_id });
      else {
        this.update({ log: beginTask(log, active.task_id) });
        this.follower.request();
      }
      return;
    }
    // The message-or-active_stream rule: no active stream means the turn's message is saved.
    if (!active && !sending && !this.connection && role === "leader") this.endPhase();
  }

  // ── tabs ───────────────────────────────────────────────────────────────────────────────────

  private post(message: TabMessage) {
    if (!this.disposed) this.channel?.post(message);
  }

  private broadcastLive() {
    if (this.snapshot.role !== "leader") return;
    const { log, sending, reconnecting, pendingUser, replacing } = this.snapshot;
    this.post({ kind: "live", taskId: log.stream.taskId, sending, reconnecting, pendingUser, replacing });
  }

  private sayHello() {
    const { log } = this.snapshot;
    const visible = this.isVisible();
    this.post({ kind: "hello", from: this.tabId, taskId: log.stream.taskId, lastId: lastIdOf(log), visible });
  }

  private receive(message: TabMessage) {
    if (this.disposed) return;
    if (this.snapshot.role === "leader") this.receiveAsLeader(message);
    else this.receiveAsFollower(message);
  }

  private receiveAsLeader(message: TabMessage) {
    switch (message.kind) {
      case "hello": {
        this.trackVisibility(message.from, message.visible);
        const { log } = this.snapshot;
        const taskId = log.stream.taskId;
        if (taskId && (message.taskId !== taskId || message.lastId !== lastIdOf(log))) {
          this.post({ kind: "replay", to: message.from, taskId, entries: [...log.entries] });
        }
        this.broadcastLive();
        // A follower knows of a task this tab does not: look now.
        if (message.taskId && message.taskId !== taskId && !this.connection) this.schedulePoll(0);
        return;
      }
      case "visibility":
        this.trackVisibility(message.from, message.visible);
        return;
      case "send": {
        const reply = (result: { attached: boolean; error: ReturnType<typeof toSendError> | null }) =>
          this.post({ kind: "send-result", to: message.from, requestId: message.requestId, ...result });
        this.performSend(message.request).then(
          (outcome) => reply({ attached: outcome.attached, error: null }),
          (error: unknown) => reply({ attached: false, error: toSendError(error) }),
        );
        return;
      }
      default:
        // Entries, replays, live state and details come from a leader; under the lock there is no
        // other one, and a stale message from a previous leader is ignored.
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
        this.follower.entries(message.taskId, message.prevId, message.entries);
        return;
      case "replay":
        if (message.to === this.tabId) this.follower.replay(message.taskId, message.entries);
        return;
      case "live":
        this.followLive(message);
        return;
      case "detail":
        this.applyDetail(message.detail);
        return;
      case "gone":
        this.update({ gone: true });
        return;
      case "send-result":
        if (message.to === this.tabId) this.remoteSends.settle(message.requestId, message);
        return;
      default:
        return;
    }
  }

  private followLive(message: Extract<TabMessage, { kind: "live" }>) {
    const { reconnecting, pendingUser, replacing, sending, taskId } = message;
    this.update({ reconnecting, pendingUser, replacing, sending });
    const { log } = this.snapshot;
    if (taskId && taskId !== log.stream.taskId) {
      // A turn this tab watched being sent needs no replay: its first entry is relayed with no
      // predecessor. Any other task switch may have happened while this tab was not listening.
      const fresh =
        log.stream.taskId === null && log.entries.length === 0 && log.stream.phase === "streaming";
      this.update({ log: beginTask(log, taskId) });
      if (!fresh) this.follower.request();
    } else if (sending && log.stream.phase !== "streaming") {
      this.update({ log: { stream: streamStateForTask(null), entries: [] } });
    } else if (!sending && !taskId && log.entries.length === 0 && log.stream.phase === "streaming") {
      // The leader's send was refused: back to idle.
      this.update({ log: { stream: idleStreamState, entries: [] } });
    }
    this.cancelIfAsked();
  }

  // ── visibility and network ─────────────────────────────────────────────────────────────────

  private onVisibility() {
    if (this.snapshot.role !== "leader") {
      this.post({ kind: "visibility", from: this.tabId, visible: this.isVisible() });
      return;
    }
    if (this.isVisible()) this.onWake();
  }

  /** Back online or visible again: a connection that died silently re-attaches, an idle one looks. */
  private onWake() {
    if (this.snapshot.role !== "leader") return;
    if (this.connection) this.connection.handle.nudge();
    else this.schedulePoll(0);
  }

  // ── commands ───────────────────────────────────────────────────────────────────────────────

  /** Sends a message (or regenerates an answer); a follower asks the leader to post it. */
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
    const pendingUser =
      request.kind === "message"
        ? {
            id: request.clientMessageId,
            role: "user" as const,
            parts: [{ type: "text", text: request.text }],
          }
        : null;
    const replacing = request.kind === "regenerate" ? request.message.id : null;
    return { sending: true, pendingUser, replacing, log: { stream: streamStateForTask(null), entries: [] } };
  }

  private performSend(request: SendRequest): Promise<SendOutcome> {
    if (this.snapshot.sending || this.connection) {
      const busy = new ApiError("turn_active", "A reply is still being written in this conversation.", 409);
      return Promise.reject(busy);
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

  private async sendThroughLeader(request: SendRequest): Promise<SendOutcome> {
    const requestId = crypto.randomUUID();
    const previous = this.snapshot.log;
    this.update(this.optimistic(request));
    const result = this.remoteSends.wait(requestId, SEND_TIMEOUT_MS);
    this.post({ kind: "send", from: this.tabId, requestId, request });
    try {
      return await result;
    } catch (error) {
      if (this.snapshot.sending)
        this.update({ sending: false, pendingUser: null, replacing: null, log: previous });
      throw error;
    }
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

  private cancelIfAsked() {
    if (!this.cancelWhenKnown || !this.snapshot.log.stream.taskId) return;
    this.cancelWhenKnown = false;
    void this.stop();
  }
}
