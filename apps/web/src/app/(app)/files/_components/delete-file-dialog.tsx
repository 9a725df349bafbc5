"use client";

import type { WorkspaceFile } from "@copilot/protocol";
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

/** Asks before deleting `file` (null = closed). Focus starts on Cancel, the safe choice. */
export function DeleteFileDialog({
  file,
  onConfirm,
  onOpenChange,
}: {
  file: WorkspaceFile | null;
  onConfirm(file: WorkspaceFile): void;
  onOpenChange(open: boolean): void;
}) {
  return (
    <AlertDialog open={file !== null} onOpenChange={onOpenChange}>
      {file ? (
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle className="break-all">Delete “{file.name}”?</AlertDialogTitle>
            <AlertDialogDescription>
              It moves to the trash: you can undo this right after, and the assistant will no longer find it.
              Files in the trash count toward your storage until they are purged.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel autoFocus>Cancel</AlertDialogCancel>
            <AlertDialogAction variant="destructive" onClick={() => onConfirm(file)}>
              Delete
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      ) : null}
    </AlertDialog>
  );
}
