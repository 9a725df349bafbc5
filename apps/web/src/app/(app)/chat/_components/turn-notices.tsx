import { ArrowsClockwiseIcon, HourglassMediumIcon } from "@phosphor-icons/react";
import type { StreamNotice } from "@/lib/chat/reducer/stream-state";

/** Words for a queued turn's place in line (0 = next). */
export function queuedText(position: number): string {
  return position === 0 ? "Waiting for a worker… (next)" : `Waiting for a worker… (${position} ahead of you)`;
}

/**
 * Shown instead of the writing dots while no worker has started the turn yet. A live region, so a
 * screen reader hears the place in line change without moving focus.
 */
export function QueuedNote({ position }: { position: number }) {
  return (
    <p
      data-testid="turn-queued-note"
      role="status"
      aria-live="polite"
      className="flex items-center gap-1.5 py-1 text-muted-foreground text-sm"
    >
      <HourglassMediumIcon aria-hidden="true" className="size-4 shrink-0" />
      {queuedText(position)}
    </p>
  );
}

/**
 * A small muted note under an answer another worker continued after the one writing it stopped:
 * the text reads on seamlessly, so the pause is the only thing the reader would otherwise notice.
 */
export function ResumedNote() {
  return (
    <p
      data-testid="turn-resumed-note"
      role="status"
      aria-live="polite"
      className="flex items-center gap-1.5 text-muted-foreground text-xs"
    >
      <ArrowsClockwiseIcon aria-hidden="true" className="size-3.5 shrink-0" />
      Resumed after the server writing this answer restarted
    </p>
  );
}

/** The notice for one message, if any: `queued` only while it is being written. */
export function TurnNotice({ notice, streaming }: { notice: StreamNotice; streaming: boolean }) {
  if (notice.kind === "resumed") return <ResumedNote />;
  return streaming ? <QueuedNote position={notice.position} /> : null;
}
