"use client";

import type { ChatSession } from "@copilot/protocol";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
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
import { forgetSessionStream } from "@/lib/chat/session-stream-registry";
import { announceSessionsChanged } from "@/lib/chat/tabs/sessions-channel";
import { chatKeys, deleteSessionMutationOptions } from "@/lib/queries/chat";

/** Deleting stops a running answer first (server-side); files the conversation made stay in the workspace. */
export function DeleteSessionDialog({
  session,
  open,
  onOpenChange,
}: {
  session: ChatSession;
  open: boolean;
  onOpenChange(open: boolean): void;
}) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const remove = useMutation({
    ...deleteSessionMutationOptions(),
    onSuccess: () => {
      forgetSessionStream(session.id);
      queryClient.removeQueries({ queryKey: chatKeys.session(session.id) });
      void queryClient.invalidateQueries({ queryKey: chatKeys.sessions() });
      announceSessionsChanged();
      onOpenChange(false);
      if (pathname === `/chat/${session.id}`) router.replace("/chat");
    },
    onError: () => toast.error("Could not delete the conversation. Try again."),
  });

  return (
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete this conversation?</AlertDialogTitle>
          <AlertDialogDescription>
            “{session.title || "New chat"}” and its messages will be deleted; an answer being written is
            stopped. Files it saved stay in your workspace.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction
            variant="destructive"
            disabled={remove.isPending}
            onClick={(event) => {
              // Stay open until the server answers, so a failure is shown where the user looks.
              event.preventDefault();
              remove.mutate(session.id);
            }}
          >
            {remove.isPending ? "Deleting…" : "Delete"}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
