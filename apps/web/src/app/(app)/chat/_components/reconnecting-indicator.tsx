import { ArrowsClockwiseIcon } from "@phosphor-icons/react";
import { Badge } from "@/components/ui/badge";

/** Shown while the page is detached from a running answer and re-attaching; the answer is safe on the server. */
export function ReconnectingIndicator() {
  return (
    <Badge
      data-testid="reconnecting"
      role="status"
      variant="warning"
      title="The answer keeps being written on the server; this page catches up when the connection is back."
    >
      <ArrowsClockwiseIcon aria-hidden="true" className="animate-spin motion-reduce:animate-none" />
      Reconnecting…
    </Badge>
  );
}
