/** Within this many pixels of the end counts as "at the bottom" (rounding, a last line half shown). */
export const AT_BOTTOM_PX = 48;

/** What the conversation's scroller looked like at the last scroll event. */
export type ScrollFrame = { top: number; height: number; clientHeight: number };

/**
 * Whether to keep following new content after a scroll event (pure). Only the reader moving up
 * stops following: content that grows under a follower (a streamed word, an image that loaded, a
 * burst of tokens under load) moves the end away without the reader doing anything, which must not
 * count; nor must the browser clamping the position when content shrinks. Reaching the bottom
 * again, by any means, follows again.
 */
export function keepFollowing(following: boolean, previous: ScrollFrame | null, now: ScrollFrame): boolean {
  const distance = now.height - now.top - now.clientHeight;
  if (distance <= AT_BOTTOM_PX) return true;
  if (!previous) return following;
  const movedUp = now.top < previous.top - 1;
  // The browser moved it: content got shorter, or the viewport changed (a phone's keyboard).
  const clamped = now.height < previous.height || now.clientHeight !== previous.clientHeight;
  return movedUp && !clamped ? false : following;
}
