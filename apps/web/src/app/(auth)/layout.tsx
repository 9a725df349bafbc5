import { redirect } from "next/navigation";
import { Brand } from "@/components/brand";
import { getCurrentUser } from "@/lib/api/server";

/** Sign-in pages: a signed-in visitor has nothing to do here and goes straight to the chat. */
export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  if (await getCurrentUser()) redirect("/chat");
  return (
    <main className="flex min-h-full flex-col items-center justify-center gap-8 bg-muted/40 px-4 py-12">
      <Brand className="text-lg" />
      <div className="w-full max-w-sm">{children}</div>
    </main>
  );
}
