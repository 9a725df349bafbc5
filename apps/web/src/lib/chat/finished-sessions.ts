import type { ChatSession } from "@copilot/protocol";

/**
 * The chats whose answer finished since the last look (pure): running then, not running now.
 * A chat seen for the first time never counts (the page just loaded), nor does one that vanished.
 * Returns what finished and the state to compare the next look with.
 */
export function finishedSince(
  previous: ReadonlyMap<string, boolean>,
  sessions: readonly ChatSession[],
): { finished: ChatSession[]; seen: Map<string, boolean> } {
  const seen = new Map(previous);
  const finished: ChatSession[] = [];
  for (const session of sessions) {
    if (previous.get(session.id) === true && !session.running) finished.push(session);
    seen.set(session.id, session.running);
  }
  return { finished, seen };
}
