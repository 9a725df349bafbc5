/**
 * Tells the other tabs of this browser that the session list changed (created, renamed, deleted, or
 * reordered by a new turn), so their sidebars refetch instead of polling.
 */
const CHANNEL = "copilot:chat-sessions";

export function announceSessionsChanged() {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage("changed");
  channel.close();
}

/** Calls `onChange` whenever another tab announces a change; returns the unsubscribe. */
export function onSessionsChanged(onChange: () => void): () => void {
  if (typeof BroadcastChannel === "undefined") return () => {};
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = () => onChange();
  return () => channel.close();
}
