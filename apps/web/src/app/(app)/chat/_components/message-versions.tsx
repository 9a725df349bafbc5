import type { MessageVersions } from "@copilot/protocol";
import { CaretLeftIcon, CaretRightIcon } from "@phosphor-icons/react";
import { Button } from "@/components/ui/button";

/**
 * ‹ 2/3 ›: which version of an edited question or a regenerated answer is shown, with buttons to
 * show the one before or after (the server remembers the choice). Disabled while an answer is
 * written: that answer belongs to the branch it started on.
 */
export function VersionSwitcher({
  versions,
  disabled,
  onSelect,
}: {
  versions: MessageVersions;
  disabled: boolean;
  onSelect: (messageId: string) => void;
}) {
  const { previous, next } = versions;
  return (
    <div data-testid="message-versions" className="flex items-center text-muted-foreground text-xs">
      <Button
        variant="ghost"
        size="icon"
        className="size-7"
        aria-label="Previous version"
        disabled={disabled || previous === null}
        onClick={() => previous && onSelect(previous)}
      >
        <CaretLeftIcon aria-hidden="true" />
      </Button>
      <span data-testid="message-version" aria-hidden="true" className="min-w-8 text-center tabular-nums">
        {versions.index}/{versions.count}
      </span>
      <span className="sr-only">
        Version {versions.index} of {versions.count}
      </span>
      <Button
        variant="ghost"
        size="icon"
        className="size-7"
        aria-label="Next version"
        disabled={disabled || next === null}
        onClick={() => next && onSelect(next)}
      >
        <CaretRightIcon aria-hidden="true" />
      </Button>
    </div>
  );
}
