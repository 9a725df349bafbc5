"use client";

import type { ChatSession } from "@copilot/protocol";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { announceSessionsChanged } from "@/lib/chat/tabs/sessions-channel";
import { chatKeys, renameSessionMutationOptions } from "@/lib/queries/chat";

const TITLE_MAX = 200;

export function RenameSessionDialog({
  session,
  open,
  onOpenChange,
}: {
  session: ChatSession;
  open: boolean;
  onOpenChange(open: boolean): void;
}) {
  const queryClient = useQueryClient();
  const inputId = useId();
  const [title, setTitle] = useState(session.title);
  const rename = useMutation({
    ...renameSessionMutationOptions(),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: chatKeys.sessions() });
      void queryClient.invalidateQueries({ queryKey: chatKeys.session(session.id) });
      announceSessionsChanged();
      onOpenChange(false);
    },
    onError: () => toast.error("Could not rename the conversation. Try again."),
  });
  const trimmed = title.trim();

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) setTitle(session.title);
        onOpenChange(next);
      }}
    >
      <DialogContent>
        <form
          className="flex flex-col gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (trimmed) rename.mutate({ id: session.id, title: trimmed });
          }}
        >
          <DialogHeader>
            <DialogTitle>Rename conversation</DialogTitle>
            <DialogDescription>The name shows in the conversation list.</DialogDescription>
          </DialogHeader>
          <div className="flex flex-col gap-2">
            <Label htmlFor={inputId}>Name</Label>
            <Input
              id={inputId}
              value={title}
              maxLength={TITLE_MAX}
              onChange={(event) => setTitle(event.target.value)}
              autoFocus
            />
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={!trimmed || rename.isPending}>
              {rename.isPending ? "Saving…" : "Save"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
