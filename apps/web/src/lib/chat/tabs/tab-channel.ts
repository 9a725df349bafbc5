import type { StreamEntry } from "@copilot/protocol";
import { sessionChannelName, type TabMessage, tabMessageSchema } from "./tab-messages";

// Relayed entries wait this long to travel together: a model streams dozens of deltas a second,
// and every message costs each follower a structured clone and a validation.
const RELAY_INTERVAL_MS = 40;

/**
 * The BroadcastChannel of one session, typed and validated: messages another tab sends are parsed
 * with the protocol's schemas (that tab may run another build). Relayed entries are batched, and any
 * other message first flushes them, so every tab sees one order.
 */
export class TabChannel {
  private readonly channel: BroadcastChannel | null;
  private queued: { taskId: string; prevId: string | null; entries: StreamEntry[] } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(sessionId: string, onMessage: (message: TabMessage) => void) {
    this.channel =
      typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(sessionChannelName(sessionId));
    if (this.channel) {
      this.channel.onmessage = (event: MessageEvent) => {
        const parsed = tabMessageSchema.safeParse(event.data);
        if (parsed.success) onMessage(parsed.data);
      };
    }
  }

  post(message: TabMessage) {
    this.flush();
    this.send(message);
  }

  /** Queues an entry; consecutive entries of one task go out as one `entries` message. */
  relay(taskId: string, prevId: string | null, entry: StreamEntry) {
    if (!this.channel) return;
    if (this.queued?.taskId === taskId) {
      this.queued.entries.push(entry);
      return;
    }
    this.flush();
    this.queued = { taskId, prevId, entries: [entry] };
    this.timer = setTimeout(() => this.flush(), RELAY_INTERVAL_MS);
  }

  close() {
    this.flush();
    this.channel?.close();
  }

  private flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const queued = this.queued;
    this.queued = null;
    if (queued) this.send({ kind: "entries", ...queued });
  }

  private send(message: TabMessage) {
    try {
      this.channel?.postMessage(message);
    } catch {
      // A closed channel (the tab is going away): nobody to tell.
    }
  }
}
