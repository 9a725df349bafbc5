"use client";

import { useQuery } from "@tanstack/react-query";
import { Skeleton } from "@/components/ui/skeleton";
import { usageQueryOptions } from "@/lib/queries/files";
import { UsageBar } from "./usage-bar";

/** The usage bar fed by the cache (seeded on the server, refreshed after every change). */
export function WorkspaceUsageBar({ className }: { className?: string }) {
  const usage = useQuery(usageQueryOptions());
  if (usage.data) return <UsageBar usage={usage.data} className={className} />;
  if (usage.isError) {
    return <p className="text-muted-foreground text-xs">Storage usage is unavailable right now.</p>;
  }
  return (
    <div role="status" aria-busy="true" className={className}>
      <span className="sr-only">Loading storage usage…</span>
      <Skeleton className="h-8 w-48" />
    </div>
  );
}
