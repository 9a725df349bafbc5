import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="grid min-h-full place-items-center p-6">
      <div className="flex max-w-sm flex-col items-center gap-4 text-center">
        <p className="font-semibold text-muted-foreground text-sm">404</p>
        <h1 className="font-semibold text-2xl">Page not found</h1>
        <p className="text-muted-foreground text-sm">
          The page you asked for does not exist or is not yours.
        </p>
        <Button asChild>
          <Link href="/chat">Back to chat</Link>
        </Button>
      </div>
    </main>
  );
}
