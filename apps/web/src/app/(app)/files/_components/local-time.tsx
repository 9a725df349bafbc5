"use client";

import { formatDateTime, formatDateUtc } from "@/lib/files/format";
import { useHydrated } from "../_hooks/use-hydrated";

/**
 * A timestamp in the viewer's locale and time zone. Before hydration (and on the server) it shows
 * the UTC date, which both sides agree on, so React never sees mismatched HTML.
 */
export function LocalTime({ iso, className }: { iso: string; className?: string }) {
  const hydrated = useHydrated();
  return (
    <time dateTime={iso} className={className}>
      {hydrated ? formatDateTime(iso) : formatDateUtc(iso)}
    </time>
  );
}
