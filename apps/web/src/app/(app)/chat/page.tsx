import type { Metadata } from "next";
import { getModelProvider } from "@/lib/api/chat-server";
import { NewChat } from "./_components/new-chat";

export const metadata: Metadata = { title: "New chat" };

/** A new conversation: the session is created by the first message. */
export default async function NewChatPage() {
  return <NewChat defaultModel={await getModelProvider()} />;
}
