import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { listChatSessions } from "@/lib/api/chat-server";
import { chatSessionsQueryOptions } from "@/lib/queries/chat";
import { makeQueryClient } from "@/lib/queries/query-client";
import { BackgroundAnswers } from "./_components/background-answers";
import { SessionsSidebar } from "./_components/sessions-sidebar";

/**
 * The chat's frame: the conversation list beside the conversation, each scrolling on its own. The
 * list's first page is fetched here, on the server, and handed to the client cache; the layout
 * stays mounted while the user moves between conversations.
 */
export default async function ChatLayout({ children }: { children: React.ReactNode }) {
  const queryClient = makeQueryClient();
  const firstPage = await listChatSessions();
  queryClient.setQueryData(chatSessionsQueryOptions().queryKey, { pages: [firstPage], pageParams: [null] });
  return (
    <div className="flex min-w-0 flex-1">
      <HydrationBoundary state={dehydrate(queryClient)}>
        <SessionsSidebar />
        <BackgroundAnswers />
      </HydrationBoundary>
      <section aria-label="Conversation" className="flex min-w-0 flex-1 flex-col">
        {children}
      </section>
    </div>
  );
}
