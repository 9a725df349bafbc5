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

// Long enough to notice a mistake and reach the button; the trash keeps the file for days anyway.
const UNDO_WINDOW_MS = 10_000;

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
      toast(`Deleted “${file.name}”`, {
        duration: UNDO_WINDOW_MS,
        action: { label: "Undo", onClick: () => restore.mutate(file) },
      });
    },
    onError: (error, file) => {
      toast.error(describeFileError(error, "delete", file.name));
      void invalidateWorkspace(queryClient);
    },
  });
}
