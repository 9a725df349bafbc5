"use client";

import type { ChatSession } from "@copilot/protocol";
import {
  DotsThreeIcon,
  DownloadSimpleIcon,
  PencilSimpleIcon,
  PushPinIcon,
  PushPinSlashIcon,
  TrashIcon,
} from "@phosphor-icons/react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { announceSessionsChanged } from "@/lib/chat/tabs/sessions-channel";
import { cn } from "@/lib/cn";
import { chatKeys, pinSessionMutationOptions } from "@/lib/queries/chat";
import { DeleteSessionDialog } from "./delete-session-dialog";
import { RenameSessionDialog } from "./rename-session-dialog";

export function SessionItem({
  session,
  active,
  onNavigate,
}: {
  session: ChatSession;
  active: boolean;
  onNavigate?: () => void;
}) {
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  const title = session.title || "New chat";
  const queryClient = useQueryClient();
  const pin = useMutation({
    ...pinSessionMutationOptions(),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: chatKeys.sessions() });
      announceSessionsChanged();
    },
    onError: () => toast.error(session.pinned ? "Could not unpin the chat." : "Could not pin the chat."),
  });
  return (
    <li className={cn("group flex items-center rounded-md", active ? "bg-accent" : "hover:bg-accent/60")}>
      <Link
        href={`/chat/${session.id}`}
        onClick={onNavigate}
        aria-current={active ? "page" : undefined}
        data-session-id={session.id}
        className="min-w-0 flex-1 truncate rounded-md px-3 py-2 text-sm outline-none focus-visible:ring-2 focus-visible:ring-ring"
        title={title}
      >
        {title}
      </Link>
      {session.running ? (
        <span data-testid="session-running" className="flex size-5 shrink-0 items-center justify-center">
          <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-primary" />
          <span className="sr-only">answer in progress</span>
        </span>
      ) : null}
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button
            variant="ghost"
            size="icon"
            aria-label={`Actions for ${title}`}
            className="size-7 shrink-0 opacity-100 focus-visible:opacity-100 md:opacity-0 md:group-hover:opacity-100 data-[state=open]:opacity-100"
          >
            <DotsThreeIcon aria-hidden="true" weight="bold" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem onSelect={() => pin.mutate({ id: session.id, pinned: !session.pinned })}>
            {session.pinned ? <PushPinSlashIcon aria-hidden="true" /> : <PushPinIcon aria-hidden="true" />}
            {session.pinned ? "Unpin" : "Pin"}
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => setDialog("rename")}>
            <PencilSimpleIcon aria-hidden="true" />
            Rename
          </DropdownMenuItem>
          {/* Plain downloads: the server names the file (Content-Disposition: attachment). */}
          <DropdownMenuItem asChild>
            <a href={`/api/chat/sessions/${session.id}/export?format=markdown`} download>
              <DownloadSimpleIcon aria-hidden="true" />
              Export as Markdown
            </a>
          </DropdownMenuItem>
          <DropdownMenuItem asChild>
            <a href={`/api/chat/sessions/${session.id}/export?format=json`} download>
              <DownloadSimpleIcon aria-hidden="true" />
              Export as JSON
            </a>
          </DropdownMenuItem>
          <DropdownMenuItem
            onSelect={() => setDialog("delete")}
            className="text-destructive focus:text-destructive"
          >
            <TrashIcon aria-hidden="true" />
            Delete
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <RenameSessionDialog
        session={session}
        open={dialog === "rename"}
        onOpenChange={(open) => setDialog(open ? "rename" : null)}
      />
      <DeleteSessionDialog
        session={session}
        open={dialog === "delete"}
        onOpenChange={(open) => setDialog(open ? "delete" : null)}
      />
    </li>
  );
}
