import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getChatSession, getModelProvider } from "@/lib/api/chat-server";
import { chatSessionQueryOptions } from "@/lib/queries/chat";
import { makeQueryClient } from "@/lib/queries/query-client";
import { Conversation } from "../_components/conversation";

type Props = { params: Promise<{ session_id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const session = await getChatSession((await params).session_id);
  return { title: session?.title || "Chat" };
}

/**
 * One conversation. The session detail is fetched here, so the first HTML already holds the saved
 * messages and knows whether a turn is running (Stop shown); the browser then
 * attaches to that turn exactly once, from its first chunk.
 */
export default async function SessionPage({ params }: Props) {
  const { session_id: sessionId } = await params;
  const [detail, defaultModel] = await Promise.all([getChatSession(sessionId), getModelProvider()]);
  if (!detail) notFound();
  const queryClient = makeQueryClient();
  queryClient.setQueryData(chatSessionQueryOptions(sessionId).queryKey, detail);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      {/* Keyed by session: moving to another conversation starts from that one's state. */}
      <Conversation
        key={sessionId}
        sessionId={sessionId}
        initialDetail={detail}
        defaultModel={defaultModel}
      />
    </HydrationBoundary>
  );
}
