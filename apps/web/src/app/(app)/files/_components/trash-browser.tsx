"use client";

import type { TrashedFile } from "@copilot/protocol";
import { ArrowCounterClockwiseIcon, ArrowLeftIcon, TrashIcon } from "@phosphor-icons/react";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { describeFileError } from "@/lib/files/file-errors";
import { countFiles, formatBytes } from "@/lib/files/format";
import {
  emptyTrashMutationOptions,
  invalidateWorkspace,
  purgeTrashedMutationOptions,
  restoreFileMutationOptions,
  trashQueryOptions,
  usageQueryOptions,
} from "@/lib/queries/files";
import { ListingError } from "./listing-states";
import { LoadMore } from "./load-more";
import { LocalTime } from "./local-time";

/** What a confirmation dialog is asking about: one file for good, or the whole trash. */
type Confirming = { kind: "purge"; file: TrashedFile } | { kind: "empty" } | null;

/**
 * The trash: every deleted file the user can still restore, with when it goes for good. Restore
 * puts a file back at its path; "Delete forever" and "Empty trash" free the space now, after a
 * confirmation (they cannot be undone).
 */
export function TrashBrowser() {
  const queryClient = useQueryClient();
  const trash = useInfiniteQuery(trashQueryOptions());
  const usage = useQuery(usageQueryOptions());
  const [confirming, setConfirming] = useState<Confirming>(null);
  const files = trash.data?.pages.flatMap((page) => page.items) ?? [];
  const refresh = () => void invalidateWorkspace(queryClient);

  const restore = useMutation({
    ...restoreFileMutationOptions(),
    onSuccess: (file) => toast.success(`Restored “${file.name}” to ${file.path}`),
    onError: (error, file) => toast.error(describeFileError(error, "restore", file.name)),
    onSettled: refresh,
  });
  const purge = useMutation({
    ...purgeTrashedMutationOptions(),
    onSuccess: (_, file) => toast.success(`Deleted “${file.name}” for good`),
    onError: (error, file) => toast.error(describeFileError(error, "delete", file.name)),
    onSettled: refresh,
  });
  const empty = useMutation({
    ...emptyTrashMutationOptions(),
    onSuccess: (purged) => toast.success(`Emptied the trash (${countFiles(purged)})`),
    onError: (error) => toast.error(describeFileError(error, "delete")),
    onSettled: refresh,
  });

  const trashBytes = usage.data?.trash_bytes;
  return (
    <section aria-labelledby="trash-title" className="flex min-w-0 flex-1 flex-col overflow-y-auto">
      <div className="mx-auto flex w-full max-w-6xl flex-col gap-5 p-4 md:p-6">
        <header className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <div className="flex flex-col gap-1">
            <Link
              href="/files"
              className="flex items-center gap-1 text-muted-foreground text-sm hover:underline"
            >
              <ArrowLeftIcon aria-hidden="true" className="size-4" />
              Files
            </Link>
            <h1 id="trash-title" className="font-semibold text-2xl">
              Trash
            </h1>
            <p className="text-muted-foreground text-sm" data-testid="trash-size">
              {trashBytes === undefined
                ? "Files here still count toward your storage until they are deleted for good."
                : `${formatBytes(trashBytes)} in the trash, counted in your storage until deleted for good.`}
            </p>
          </div>
          <Button
            variant="destructive"
            size="sm"
            disabled={files.length === 0 || empty.isPending}
            onClick={() => setConfirming({ kind: "empty" })}
          >
            <TrashIcon aria-hidden="true" className="size-4" />
            Empty trash
          </Button>
        </header>

        {trash.isPending ? (
          <div role="status" aria-busy="true" className="flex flex-col gap-2">
            <span className="sr-only">Loading the trash…</span>
            <Skeleton className="h-10 w-full" />
            <Skeleton className="h-10 w-full" />
          </div>
        ) : trash.isError ? (
          <ListingError
            message={describeFileError(trash.error, "list")}
            onRetry={() => void trash.refetch()}
          />
        ) : files.length === 0 ? (
          <p className="rounded-lg border px-6 py-12 text-center text-muted-foreground">
            The trash is empty.
          </p>
        ) : (
          <Table aria-label="Deleted files">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead className="hidden sm:table-cell">Deleted</TableHead>
                <TableHead className="hidden md:table-cell">Deleted for good</TableHead>
                <TableHead className="text-right">Size</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {files.map((file) => (
                <TableRow key={file.id} data-file-id={file.id}>
                  <TableCell className="max-w-0 w-full">
                    <p className="truncate font-medium">{file.name}</p>
                    <p className="truncate text-muted-foreground text-xs">{file.path}</p>
                  </TableCell>
                  <TableCell className="hidden whitespace-nowrap sm:table-cell">
                    <LocalTime iso={file.deleted_at} />
                  </TableCell>
                  <TableCell className="hidden whitespace-nowrap md:table-cell">
                    <LocalTime iso={file.purge_at} />
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-right tabular-nums">
                    {formatBytes(file.size_bytes)}
                  </TableCell>
                  <TableCell>
                    <div className="flex justify-end gap-1">
                      <Button
                        variant="outline"
                        size="sm"
                        aria-label={`Restore ${file.name}`}
                        disabled={restore.isPending}
                        onClick={() => restore.mutate(file)}
                      >
                        <ArrowCounterClockwiseIcon aria-hidden="true" className="size-4" />
                        <span className="hidden sm:inline">Restore</span>
                      </Button>
                      <Button
                        variant="ghost"
                        size="sm"
                        aria-label={`Delete ${file.name} forever`}
                        onClick={() => setConfirming({ kind: "purge", file })}
                      >
                        <TrashIcon aria-hidden="true" className="size-4" />
                      </Button>
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {trash.hasNextPage ? (
          <LoadMore
            loading={trash.isFetchingNextPage}
            onLoad={() => void trash.fetchNextPage()}
            loadedCount={files.length}
          />
        ) : null}
      </div>

      <AlertDialog open={confirming !== null} onOpenChange={(open) => !open && setConfirming(null)}>
        {confirming ? (
          <AlertDialogContent>
            <AlertDialogHeader>
              <AlertDialogTitle className="break-all">
                {confirming.kind === "empty"
                  ? "Empty the trash?"
                  : `Delete “${confirming.file.name}” forever?`}
              </AlertDialogTitle>
              <AlertDialogDescription>
                {confirming.kind === "empty"
                  ? `Every file in the trash (${countFiles(usage.data?.trash_count ?? files.length)}) is deleted for good. This cannot be undone.`
                  : "The file is deleted for good and its space freed. This cannot be undone."}
              </AlertDialogDescription>
            </AlertDialogHeader>
            <AlertDialogFooter>
              <AlertDialogCancel autoFocus>Cancel</AlertDialogCancel>
              <AlertDialogAction
                variant="destructive"
                onClick={() => {
                  if (confirming.kind === "empty") empty.mutate();
                  else purge.mutate(confirming.file);
                }}
              >
                {confirming.kind === "empty" ? "Empty trash" : "Delete forever"}
              </AlertDialogAction>
            </AlertDialogFooter>
          </AlertDialogContent>
        ) : null}
      </AlertDialog>
    </section>
  );
}
