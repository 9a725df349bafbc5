import type { ChatSessionDetail, PostMessageBody, StreamEntry } from "@copilot/protocol";
import type { QueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/api-error";
import { chatSessionQueryOptions } from "../queries/chat";
import type { Timer } from "./clock";
import { initialSnapshot, type LiveSnapshot } from "./live-snapshot";
import { messageStreamOf } from "./operation-view";
import { idleStreamState, streamStateForTask } from "./reducer/stream-state";
import { appendEntry, beginTask, lastIdOf, type TaskLog } from "./reducer/task-log";
import { browserDeps, type SessionStreamDeps, type TabBus } from "./session-stream-deps";
import { FollowerSync } from "./tabs/follower-sync";
import type { Election } from "./tabs/leader-election";
import { RemoteSends, type SendOutcome } from "./tabs/remote-sends";
import { type SendRequest, sessionLockName, type TabMessage } from "./tabs/tab-messages";
import { type SnapshotPatch, TabProtocol } from "./tabs/tab-protocol";
import { ThrottledListeners } from "./throttled-listeners";
import type { ConnectionEnd, StreamSource, TaskConnection } from "./transport/task-connection";

export type { SendOutcome } from "./tabs/remote-sends";

export type SessionStreamOptions = {
  queryClient: QueryClient;
  fetch?: typeof fetch;
  /** Light polling of the session while idle and visible, to learn of turns started elsewhere. */
  pollIntervalMs?: number;
  /** The collaborators; the browser's by default. */
  deps?: Partial<SessionStreamDeps>;
};

type Connection = { handle: TaskConnection };

/**
 * Where this tab's stream is in its life, the one value every decision reads: `created` until
 * start(), `electing` until the Web Lock answers, then `following` (possibly `leading` later, when
 * the leader goes away), and `disposed` for good. The snapshot's `role` is its public face.
 */
type Lifecycle = "created" | "electing" | "following" | "leading" | "disposed";

const POLL_MS = 2_000;
// 50 ms is below what a reader notices; a hidden tab only needs to catch up when shown.
const RENDER_INTERVAL_MS = 50;
const HIDDEN_RENDER_INTERVAL_MS = 1_000;
const SEND_TIMEOUT_MS = 15_000;

/**
 * Everything one tab does for one session's stream (docs/style.md rule 24: the hook around it stays thin):
 * its lifecycle, the leader's connection and polling, and the commands. The tab protocol lives in
 * ./tabs/tab-protocol, the connection in ./transport, the reducer in ./reducer; every collaborator
 * comes in through `SessionStreamDeps`, so the whole is testable without a browser.
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
  private lifecycle: Lifecycle = "created";
  private readonly deps: SessionStreamDeps;
  private readonly listeners: ThrottledListeners;
  private readonly tabId: string;
  private channel: TabBus | null = null;
  private election: Election | null = null;
  private connection: Connection | null = null;
  private pollTimer: Timer | null = null;
  private readonly follower: FollowerSync;
  private readonly remoteSends: RemoteSends;
  private readonly tabs: TabProtocol;
  private sendWaiter: { resolve(outcome: SendOutcome): void; reject(error: unknown): void } | null = null;
  private cancelWhenKnown = false;
  private stopPageEvents: (() => void) | null = null;

  constructor(
    readonly sessionId: string,
    private readonly options: SessionStreamOptions,
    detail: ChatSessionDetail | null,
  ) {
    this.deps = { ...browserDeps, ...options.deps };
    const { clock } = this.deps;
    this.snapshot = initialSnapshot(detail);
    this.tabId = this.deps.newId();
    this.listeners = new ThrottledListeners(
      () => (this.isVisible() ? RENDER_INTERVAL_MS : HIDDEN_RENDER_INTERVAL_MS),
      clock,
    );
    this.remoteSends = new RemoteSends(clock);
    this.follower = new FollowerSync(
      {
        log: () => this.snapshot.log,
        setLog: (log: TaskLog) => this.update({ log }),
        askForReplay: () => this.tabs.sayHello(),
        stillFollowing: () => this.lifecycle === "following",
      },
      clock,
    );
    this.tabs = new TabProtocol({
      tabId: this.tabId,
      snapshot: () => this.snapshot,
      update: (patch) => this.update(patch),
      post: (message) => this.post(message),
      isVisible: () => this.isVisible(),
      connected: () => this.connection !== null,
      schedulePoll: (delayMs) => this.schedulePoll(delayMs),
      performSend: (request) => this.performSend(request),
      applyDetail: (detail) => this.applyDetail(detail),
      cancelIfAsked: () => this.cancelIfAsked(),
      follower: this.follower,
      remoteSends: this.remoteSends,
    });
  }

  subscribe = (listener: () => void): (() => void) => this.listeners.subscribe(listener);
  getSnapshot = (): LiveSnapshot => this.snapshot;

  private update(patch: SnapshotPatch) {
    this.snapshot = { ...this.snapshot, ...patch };
    this.listeners.changed();
  }

  private isVisible = () => this.deps.page.isVisible();

  private get disposed() {
    return this.lifecycle === "disposed";
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────────

  start() {
    if (this.lifecycle !== "created") return;
    this.lifecycle = "electing";
    this.channel = this.deps.openChannel(this.sessionId, (message) => this.receive(message));
    this.stopPageEvents = this.deps.page.listen({
      visibilityChanged: () => this.onVisibility(),
      online: () => this.onWake(),
      pageHide: () => this.channel?.post({ kind: "visibility", from: this.tabId, visible: false }),
    });
    this.election = this.deps.elect(sessionLockName(this.sessionId), {
      onLeader: () => this.becomeLeader(),
      onFollower: () => this.becomeFollower(),
    });
  }

  /** Leaves the session: closes the connection (the turn keeps running), hands leadership on. */
  dispose() {
    if (this.disposed) return;
    this.channel?.post({ kind: "visibility", from: this.tabId, visible: false });
    this.lifecycle = "disposed";
    this.connection?.handle.stop();
    this.connection = null;
    this.election?.release();
    this.channel?.close();
    if (this.pollTimer) this.deps.clock.clearTimeout(this.pollTimer);
    this.follower.reset();
    this.listeners.dispose();
    this.stopPageEvents?.();
    const closed = new Error("the conversation was closed");
    this.sendWaiter?.reject(closed);
    this.remoteSends.rejectAll(closed);
  }

  private becomeFollower() {
    if (this.lifecycle !== "electing") return;
    this.lifecycle = "following";
    this.update({ role: "follower" });
    this.tabs.sayHello();
  }

  private becomeLeader() {
    if (this.disposed) return;
    const tookOver = this.lifecycle === "following";
    this.lifecycle = "leading";
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
    const handle = this.deps.connect({
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
          this.tabs.broadcastLive();
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
    this.tabs.broadcastLive();
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
    this.tabs.broadcastLive();
    this.deps.sessionsChanged();
    void this.refreshDetail().finally(() => this.schedulePoll());
  }

  private endPhase() {
    const { log } = this.snapshot;
    if (log.stream.phase === "streaming")
      this.update({ log: { ...log, stream: { ...log.stream, phase: "ended" } } });
  }

  // ── leader: polling and the session detail ─────────────────────────────────────────────────

  private cancelPoll() {
    if (this.pollTimer) this.deps.clock.clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private schedulePoll(delayMs = this.options.pollIntervalMs ?? POLL_MS) {
    this.cancelPoll();
    if (this.disposed || this.snapshot.role !== "leader" || this.snapshot.gone) return;
    if (this.connection || this.snapshot.sending || !this.tabs.anyTabVisible()) return;
    this.pollTimer = this.deps.clock.setTimeout(() => {
      this.pollTimer = null;
      void this.refreshDetail().finally(() => this.schedulePoll());
    }, delayMs);
  }

  private async refreshDetail() {
    try {
      const detail = this.deps.loadDetail
        ? await this.deps.loadDetail(this.sessionId)
        : await this.options.queryClient.fetchQuery({
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
    const active = messageStreamOf(detail);
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

  // ── tabs (the protocol is ./tabs/tab-protocol) ────────────────────────────────────────────

  private post(message: TabMessage) {
    if (!this.disposed) this.channel?.post(message);
  }

  private receive(message: TabMessage) {
    if (!this.disposed) this.tabs.receive(message);
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
            parts: [
              ...(request.text.trim() ? [{ type: "text", text: request.text }] : []),
              ...(request.attachments ?? []).map((file) => ({
                type: "file",
                mediaType: file.mime_type,
                filename: file.name,
                url: file.reference,
              })),
            ],
          }
        : null;
    // An edit or a regenerate replaces a message and everything after it until the server's
    // session shows the new branch.
    const replacing = request.kind === "regenerate" ? request.message.id : (request.editOf ?? null);
    return { sending: true, pendingUser, replacing, log: { stream: streamStateForTask(null), entries: [] } };
  }

  /** Resolves when the current connection has closed (or after `timeoutMs`, whichever is first). */
  private connectionClosed(timeoutMs: number): Promise<void> {
    if (!this.connection) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      const unsubscribe = this.subscribe(() => {
        if (!this.connection) done();
      });
    });
  }

  private async performSend(request: SendRequest): Promise<SendOutcome> {
    // The answer has ended (its last chunk is here) but its connection is still closing: a message
    // sent right then (queued in the composer, or typed fast) waits for it instead of being refused.
    if (!this.snapshot.sending && this.connection && this.snapshot.log.stream.phase !== "streaming") {
      await this.connectionClosed(SEND_TIMEOUT_MS);
    }
    if (this.snapshot.sending || this.connection) {
      const busy = new ApiError("turn_active", "A reply is still being written in this conversation.", 409);
      return Promise.reject(busy);
    }
    const body: PostMessageBody =
      request.kind === "message"
        ? {
            message: request.text,
            client_message_id: request.clientMessageId,
            ...(request.attachments?.length
              ? { attachments: request.attachments.map((file) => ({ file_id: file.id })) }
              : {}),
            ...(request.editOf ? { edit_message_id: request.editOf } : {}),
          }
        : {
            messages: [request.message],
            trigger: "regenerate-message",
            messageId: request.message.id,
            client_message_id: request.clientMessageId,
          };
    this.update(this.optimistic(request));
    this.tabs.broadcastLive();
    return new Promise<SendOutcome>((resolve, reject) => {
      this.sendWaiter = { resolve, reject };
      this.follow({ kind: "post", sessionId: this.sessionId, body });
    });
  }

  private async sendThroughLeader(request: SendRequest): Promise<SendOutcome> {
    const requestId = this.deps.newId();
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
      await this.deps.cancelTask(taskId);
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
