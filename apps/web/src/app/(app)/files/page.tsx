import { FolderSimpleIcon } from "@phosphor-icons/react/dist/ssr";
import type { Metadata } from "next";
import { Placeholder } from "../_components/placeholder";

export const metadata: Metadata = { title: "Files" };

/** The workspace browser arrives with the files feature; until then this page says what it will do. */
export default function FilesPage() {
  return (
    <section aria-label="Files" className="flex min-w-0 flex-1 flex-col overflow-y-auto p-6">
      <div className="my-auto">
        <Placeholder icon={FolderSimpleIcon} title="Your workspace is on its way">
          <p>
            Files you upload and files the assistant saves will be listed here: upload, download, delete and
            restore them, and see how much of your quota is used.
          </p>
          <p>They stay yours across chats and sessions.</p>
        </Placeholder>
      </div>
    </section>
  );
}
