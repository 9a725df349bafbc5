import { ChatCircleIcon } from "@phosphor-icons/react/dist/ssr";
import type { Metadata } from "next";
import { Placeholder } from "../_components/placeholder";

export const metadata: Metadata = { title: "Chat" };

/**
 * The chat's frame: a session list beside the conversation, each scrolling on its own. The chat
 * feature fills both panes (and adds /chat/[session_id]); until then they describe themselves.
 */
export default function ChatPage() {
  return (
    <div className="flex min-w-0 flex-1">
      <aside
        aria-label="Conversations"
        className="hidden w-64 shrink-0 flex-col gap-2 overflow-y-auto border-r p-4 lg:flex"
      >
        <h2 className="font-medium text-muted-foreground text-xs uppercase tracking-wide">Conversations</h2>
        <p className="text-muted-foreground text-sm">Your chat sessions will be listed here, newest first.</p>
      </aside>
      <section aria-label="Conversation" className="flex min-w-0 flex-1 flex-col overflow-y-auto p-6">
        <div className="my-auto">
          <Placeholder icon={ChatCircleIcon} title="Chat is on its way">
            <p>
              This is where you will talk to the assistant. Answers keep streaming on the server when you
              close the tab, and pick up exactly where they were when you come back, on any device.
            </p>
            <p>The assistant will also read and write files in your workspace.</p>
          </Placeholder>
        </div>
      </section>
    </div>
  );
}
