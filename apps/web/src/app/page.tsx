import { redirect } from "next/navigation";

/** There is no landing page: the app starts in the chat (which sends signed-out users to /login). */
export default function Home(): never {
  redirect("/chat");
}
