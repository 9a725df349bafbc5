import type { Metadata } from "next";
import { TrashBrowser } from "../_components/trash-browser";

export const metadata: Metadata = { title: "Trash" };

/** /files/trash: deleted files, restorable until their purge date. */
export default function TrashPage() {
  return <TrashBrowser />;
}
