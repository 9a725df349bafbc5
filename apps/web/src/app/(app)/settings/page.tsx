import type { Metadata } from "next";
import { getChatModel } from "@/lib/api/chat-server";
import { AppearanceSection } from "./_components/appearance-section";
import { ModelSection } from "./_components/model-section";
import { NotificationsSection } from "./_components/notifications-section";

export const metadata: Metadata = { title: "Settings" };

/** Preferences of this browser (theme, notifications) and what the server answers with. */
export default async function SettingsPage() {
  const model = await getChatModel();
  return (
    <div className="min-w-0 flex-1 overflow-y-auto">
      <div className="mx-auto flex w-full max-w-2xl flex-col gap-6 px-4 py-6">
        <h1 className="font-semibold text-xl">Settings</h1>
        <AppearanceSection />
        <NotificationsSection />
        <ModelSection model={model} />
        <section aria-labelledby="export-heading" className="flex flex-col gap-2 rounded-lg border p-4">
          <h2 id="export-heading" className="font-medium">
            Your data
          </h2>
          <p className="text-muted-foreground text-sm">
            Export a chat as Markdown or JSON from its menu in the chat list (the “…” next to its title). Your
            files are on the Files page; each downloads as it was saved.
          </p>
        </section>
      </div>
    </div>
  );
}
