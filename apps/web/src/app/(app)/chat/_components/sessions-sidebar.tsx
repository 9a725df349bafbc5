import { NewChatButton } from "./new-chat-button";
import { SessionList } from "./session-list";

/** The conversation list beside the chat (large screens; smaller ones use the drawer). */
export function SessionsSidebar() {
  return (
    <aside
      aria-label="Conversations"
      className="hidden w-64 shrink-0 flex-col gap-3 overflow-y-auto border-r p-3 lg:flex"
    >
      <NewChatButton />
      <h2 className="px-1 font-medium text-muted-foreground text-xs uppercase tracking-wide">
        Conversations
      </h2>
      <SessionList />
    </aside>
  );
}
