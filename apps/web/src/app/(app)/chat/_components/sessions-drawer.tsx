"use client";

import { ChatsCircleIcon } from "@phosphor-icons/react";
import { Button } from "@/components/ui/button";
import { SideDrawer } from "@/components/ui/side-drawer";
import { NewChatButton } from "./new-chat-button";
import { SessionList } from "./session-list";

/** Below the lg breakpoint the conversation list is a drawer opened from the conversation header. */
export function SessionsDrawer() {
  return (
    <SideDrawer
      className="gap-3 overflow-y-auto p-3"
      closeLabel="Close conversations"
      trigger={
        <Button variant="ghost" size="icon" className="size-8 lg:hidden" aria-label="Show conversations">
          <ChatsCircleIcon aria-hidden="true" className="size-5" />
        </Button>
      }
      title={<h2 className="px-1 font-medium text-sm">Conversations</h2>}
    >
      {(close) => (
        <>
          <NewChatButton onNavigate={close} />
          <SessionList onNavigate={close} />
        </>
      )}
    </SideDrawer>
  );
}
