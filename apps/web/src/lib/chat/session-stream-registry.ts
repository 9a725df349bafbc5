import type { ChatSessionDetail } from "@copilot/protocol";
import { SessionStream, type SessionStreamOptions } from "./session-stream";

/**
 * One SessionStream per session per tab, shared by every component that shows the session and
 * outliving a page change: a first message sent from /chat keeps streaming while the app moves to
 * /chat/{id}. A stream nobody retains is disposed after a grace period (the next page mounts after
 * the previous one unmounts, and React's development double-mount unmounts in between).
 */
const GRACE_MS = 10_000;

type Slot = { stream: SessionStream; refs: number; timer: ReturnType<typeof setTimeout> | null };
const slots = new Map<string, Slot>();

function scheduleDisposal(sessionId: string, slot: Slot) {
  if (slot.timer) clearTimeout(slot.timer);
  slot.timer = setTimeout(() => {
    if (slot.refs > 0 || slots.get(sessionId) !== slot) return;
    slots.delete(sessionId);
    slot.stream.dispose();
  }, GRACE_MS);
}

/** The session's stream, created (not started) on first use. Browser only. */
export function sessionStreamFor(
  sessionId: string,
  options: SessionStreamOptions,
  detail: ChatSessionDetail | null,
): SessionStream {
  const existing = slots.get(sessionId);
  if (existing) return existing.stream;
  const slot: Slot = { stream: new SessionStream(sessionId, options, detail), refs: 0, timer: null };
  slots.set(sessionId, slot);
  // Created during a render that may never commit: dispose it unless someone retains it.
  scheduleDisposal(sessionId, slot);
  return slot.stream;
}

/** Starts the stream (once) and keeps it alive until the returned release is called. */
export function retainSessionStream(stream: SessionStream): () => void {
  const slot = slots.get(stream.sessionId);
  if (!slot || slot.stream !== stream) return () => {};
  slot.refs += 1;
  if (slot.timer) clearTimeout(slot.timer);
  slot.timer = null;
  stream.start();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    slot.refs -= 1;
    if (slot.refs === 0) scheduleDisposal(stream.sessionId, slot);
  };
}

/** Drops a session's stream at once (the session was deleted in this tab). */
export function forgetSessionStream(sessionId: string) {
  const slot = slots.get(sessionId);
  if (!slot) return;
  if (slot.timer) clearTimeout(slot.timer);
  slots.delete(sessionId);
  slot.stream.dispose();
}
