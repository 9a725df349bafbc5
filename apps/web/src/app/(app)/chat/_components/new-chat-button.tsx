import { NotePencilIcon } from "@phosphor-icons/react/dist/ssr";
import Link from "next/link";
import { Button } from "@/components/ui/button";

export function NewChatButton({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <Button asChild variant="outline" className="w-full justify-start">
      <Link href="/chat" onClick={onNavigate}>
        <NotePencilIcon aria-hidden="true" />
        New chat
      </Link>
    </Button>
  );
}
