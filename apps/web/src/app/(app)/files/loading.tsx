import { Skeleton } from "@/components/ui/skeleton";
import { FileTableSkeleton } from "./_components/file-table";

/** While the server fetches the first page and the usage: the page's frame with placeholder rows. */
export default function FilesLoading() {
  return (
    <div className="flex min-w-0 flex-1 flex-col overflow-y-auto">
      <div className="mx-auto flex w-full max-w-6xl flex-col gap-5 p-4 md:p-6">
        <div className="flex flex-col gap-4 md:flex-row md:items-end md:justify-between">
          <div className="flex flex-col gap-2">
            <Skeleton className="h-4 w-24" />
            <Skeleton className="h-8 w-40" />
          </div>
          <Skeleton className="h-10 w-full md:w-72" />
        </div>
        <div className="flex justify-between gap-2">
          <Skeleton className="h-9 w-full sm:max-w-xs" />
          <Skeleton className="h-9 w-32" />
        </div>
        <FileTableSkeleton />
      </div>
    </div>
  );
}
