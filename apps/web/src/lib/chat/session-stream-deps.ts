import type { ChatSessionDetail, StreamEntry } from "@copilot/protocol";
import { cancelTask } from "../queries/chat";
import { type Clock, systemClock } from "./clock";
import { type Election, type ElectionEvents, electLeader } from "./tabs/leader-election";
import { announceSessionsChanged } from "./tabs/sessions-channel";
import { TabChannel } from "./tabs/tab-channel";
import type { TabMessage } from "./tabs/tab-messages";
import { connectTask } from "./transport/task-connection";

/** The tab channel as the stream uses it (./tabs/tab-channel over a BroadcastChannel in a browser). */
export type TabBus = {
  post(message: TabMessage): void;
  /** Relays one entry of the leader's log; `prevId` is the entry before it. */
  relay(taskId: string, prevId: string | null, entry: StreamEntry): void;
  close(): void;
};

/** The page around the stream: whether it is shown, and its visibility/online/pagehide events. */
export type PageSignals = {
  isVisible(): boolean;
  listen(events: { visibilityChanged(): void; online(): void; pageHide(): void }): () => void;
};

/**
 * Everything a SessionStream talks to, injected as the AI SDK's `AbstractChat` takes a transport:
 * the browser's implementations by default, fakes in tests (./session-stream.test.ts).
 */
export type SessionStreamDeps = {
  connect: typeof connectTask;
  openChannel(sessionId: string, onMessage: (message: TabMessage) => void): TabBus;
  elect(lockName: string, events: ElectionEvents): Election;
  clock: Clock;
  page: PageSignals;
  newId(): string;
  /** Tells this browser's other tabs the session list changed. */
  sessionsChanged(): void;
  /** Cancels a task on the server (Stop). */
  cancelTask(taskId: string): Promise<unknown>;
  /** Fetches the session detail; by default through the query client, which then caches it. */
  loadDetail?(sessionId: string): Promise<ChatSessionDetail>;
};

const browserPage: PageSignals = {
  isVisible: () => typeof document !== "undefined" && document.visibilityState === "visible",
  listen({ visibilityChanged, online, pageHide }) {
    document.addEventListener("visibilitychange", visibilityChanged);
    window.addEventListener("online", online);
    window.addEventListener("pagehide", pageHide);
    return () => {
      document.removeEventListener("visibilitychange", visibilityChanged);
      window.removeEventListener("online", online);
      window.removeEventListener("pagehide", pageHide);
    };
  },
};

export const browserDeps: SessionStreamDeps = {
  connect: connectTask,
  openChannel: (sessionId, onMessage) => new TabChannel(sessionId, onMessage),
  elect: electLeader,
  clock: systemClock,
  page: browserPage,
  newId: () => crypto.randomUUID(),
  sessionsChanged: announceSessionsChanged,
  cancelTask,
};
