import { Skeleton } from "@/components/ui/skeleton";

/** Shown inside the shell while a signed-in page loads on the server. */
export default function Loading() {
  return (
    <div role="status" aria-busy="true" className="flex flex-1 flex-col gap-4 p-6">
      <span className="sr-only">Loading…</span>
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-4 w-full max-w-xl" />
      <Skeleton className="h-4 w-full max-w-lg" />
    </div>
  );
}
