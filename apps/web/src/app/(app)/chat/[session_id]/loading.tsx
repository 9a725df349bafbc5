import { Skeleton } from "@/components/ui/skeleton";

/** While a conversation loads on the server (moving between conversations). */
export default function Loading() {
  return (
    <div
      role="status"
      aria-busy="true"
      className="mx-auto flex w-full max-w-3xl flex-1 flex-col gap-6 px-4 py-6"
    >
      <span className="sr-only">Loading the conversation…</span>
      <Skeleton className="ml-auto h-9 w-1/2 rounded-2xl" />
      <Skeleton className="h-4 w-full" />
      <Skeleton className="h-4 w-5/6" />
      <Skeleton className="h-4 w-2/3" />
    </div>
  );
}
