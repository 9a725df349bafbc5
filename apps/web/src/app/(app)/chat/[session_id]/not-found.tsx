import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function SessionNotFound() {
  return (
    <div className="m-auto flex max-w-sm flex-col items-center gap-3 p-6 text-center">
      <h1 className="font-semibold text-lg">Conversation not found</h1>
      <p className="text-muted-foreground text-sm">
        It may have been deleted, or it belongs to another account.
      </p>
      <Button asChild>
        <Link href="/chat">Start a new chat</Link>
      </Button>
    </div>
  );
}
