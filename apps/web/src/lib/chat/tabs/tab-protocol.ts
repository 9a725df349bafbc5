import type { ChatSessionDetail } from "@copilot/protocol";
import type { LiveSnapshot } from "../live-snapshot";
import { idleStreamState, streamStateForTask } from "../reducer/stream-state";
import { beginTask, lastIdOf } from "../reducer/task-log";
import type { FollowerSync } from "./follower-sync";
import { type RemoteSends, type SendOutcome, toSendError } from "./remote-sends";
import type { SendRequest, TabMessage } from "./tab-messages";

export type SnapshotPatch = { -readonly [Key in keyof LiveSnapshot]?: LiveSnapshot[Key] };

/** What the protocol needs of the tab's session stream. */
export type TabProtocolHost = {
  readonly tabId: string;
  snapshot(): LiveSnapshot;
  update(patch: SnapshotPatch): void;
  post(message: TabMessage): void;
  isVisible(): boolean;
  /** The leader holds a connection to a task (or a POST) right now. */
  connected(): boolean;
  schedulePoll(delayMs?: number): void;
  /** The leader posts a turn (its own, or one a follower asked for). */
  performSend(request: SendRequest): Promise<SendOutcome>;
  applyDetail(detail: ChatSessionDetail): void;
  /** A Stop pressed before the task id was known is carried out once it is. */
  cancelIfAsked(): void;
  readonly follower: FollowerSync;
  readonly remoteSends: RemoteSends;
};

/**
 * The leader/follower protocol between the tabs of one session (messages in ./tab-messages). The
 * leader answers `hello`s with a replay when the follower's log differs, relays its live state, and
 * posts the turns followers ask for; followers mirror entries, live state and details, and ask for a
 * replay on any gap (./follower-sync). Which role this tab has is the host's snapshot `role`.
 */
export class TabProtocol {
  private readonly visibleFollowers = new Set<string>();

  constructor(private readonly host: TabProtocolHost) {}

  anyTabVisible = () => this.host.isVisible() || this.visibleFollowers.size > 0;

  receive(message: TabMessage) {
    if (this.host.snapshot().role === "leader") this.receiveAsLeader(message);
    else this.receiveAsFollower(message);
  }

  /** The leader's view of what is not in the entries, for every follower. */
  broadcastLive() {
    const { role, log, sending, reconnecting, pendingUser, replacing } = this.host.snapshot();
    if (role !== "leader") return;
    this.host.post({
      kind: "live",
      taskId: log.stream.taskId,
      sending,
      reconnecting,
      pendingUser,
      replacing,
    });
  }

  /** A follower introduces itself (or asks for a replay): its task, last id and visibility. */
  sayHello() {
    const { log } = this.host.snapshot();
    const visible = this.host.isVisible();
    this.host.post({
      kind: "hello",
      from: this.host.tabId,
      taskId: log.stream.taskId,
      lastId: lastIdOf(log),
      visible,
    });
  }

  private receiveAsLeader(message: TabMessage) {
    switch (message.kind) {
      case "hello": {
        this.trackVisibility(message.from, message.visible);
        const { log } = this.host.snapshot();
        const taskId = log.stream.taskId;
        if (taskId && (message.taskId !== taskId || message.lastId !== lastIdOf(log))) {
          this.host.post({ kind: "replay", to: message.from, taskId, entries: [...log.entries] });
        }
        this.broadcastLive();
        // A follower knows of a task this tab does not: look now.
        if (message.taskId && message.taskId !== taskId && !this.host.connected()) this.host.schedulePoll(0);
        return;
      }
      case "visibility":
        this.trackVisibility(message.from, message.visible);
        return;
      case "send": {
        const reply = (result: { attached: boolean; error: ReturnType<typeof toSendError> | null }) =>
          this.host.post({ kind: "send-result", to: message.from, requestId: message.requestId, ...result });
        this.host.performSend(message.request).then(
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
    if (!was && this.anyTabVisible()) this.host.schedulePoll(0);
  }

  private receiveAsFollower(message: TabMessage) {
    const { tabId, follower } = this.host;
    switch (message.kind) {
      case "leader":
        if (message.from !== tabId) this.sayHello();
        return;
      case "entries":
        follower.entries(message.taskId, message.prevId, message.entries);
        return;
      case "replay":
        if (message.to === tabId) follower.replay(message.taskId, message.entries);
        return;
      case "live":
        this.followLive(message);
        return;
      case "detail":
        this.host.applyDetail(message.detail);
        return;
      case "gone":
        this.host.update({ gone: true });
        return;
      case "send-result":
        if (message.to === tabId) this.host.remoteSends.settle(message.requestId, message);
        return;
      default:
        return;
    }
  }

  private followLive(message: Extract<TabMessage, { kind: "live" }>) {
    const { reconnecting, pendingUser, replacing, sending, taskId } = message;
    this.host.update({ reconnecting, pendingUser, replacing, sending });
    const { log } = this.host.snapshot();
    if (taskId && taskId !== log.stream.taskId) {
      // A turn this tab watched being sent needs no replay: its first entry is relayed with no
      // predecessor. Any other task switch may have happened while this tab was not listening.
      const fresh =
        log.stream.taskId === null && log.entries.length === 0 && log.stream.phase === "streaming";
      this.host.update({ log: beginTask(log, taskId) });
      if (!fresh) this.host.follower.request();
    } else if (sending && log.stream.phase !== "streaming") {
      this.host.update({ log: { stream: streamStateForTask(null), entries: [] } });
    } else if (!sending && !taskId && log.entries.length === 0 && log.stream.phase === "streaming") {
      // The leader's send was refused: back to idle.
      this.host.update({ log: { stream: idleStreamState, entries: [] } });
    }
    this.host.cancelIfAsked();
  }
}
