"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { describeFileError } from "@/lib/files/file-errors";
import {
  deleteFileMutationOptions,
  dropFromLists,
  invalidateWorkspace,
  restoreFileMutationOptions,
} from "@/lib/queries/files";

/**
 * Deletes a file (to the trash), then offers Undo in a toast, which restores it. Restore can fail
 * when another file took the path meanwhile; the toast then says so.
 */
export function useDeleteFile() {
  const queryClient = useQueryClient();

  const restore = useMutation({
    ...restoreFileMutationOptions(),
    onSuccess: (restored) => {
      toast.success(`Restored “${restored.name}”`);
      void invalidateWorkspace(queryClient);
    },
    onError: (error, file) => {
      toast.error(describeFileError(error, "restore", file.name));
    },
  });

  return useMutation({
    ...deleteFileMutationOptions(),
    onSuccess: (_, file) => {
      dropFromLists(queryClient, file.id);
      void invalidateWorkspace(queryClient);
      // The toast stays until the user acts on it or closes it: a timed Undo punishes whoever
      // looked away. The Trash view keeps the file restorable for days anyway.
      toast(`Deleted “${file.name}”`, {
        description: "It is in the Trash until it is purged.",
        duration: Number.POSITIVE_INFINITY,
        closeButton: true,
        action: { label: "Undo", onClick: () => restore.mutate(file) },
      });
    },
    onError: (error, file) => {
      toast.error(describeFileError(error, "delete", file.name));
      void invalidateWorkspace(queryClient);
    },
  });
}
