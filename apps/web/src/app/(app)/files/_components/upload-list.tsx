"use client";

import { Button } from "@/components/ui/button";
import { summarizeUploads, type UploadItem } from "@/lib/files/upload-state";
import { type UploadItemActions, UploadListItem } from "./upload-list-item";

/**
 * The uploads of this visit. The live region speaks one summary sentence as uploads start, finish
 * or fail, rather than every percent (which would drown a screen reader). It stays mounted while
 * the list is empty: a region inserted together with its text is often not announced.
 */
export function UploadList({
  items,
  onClearFinished,
  ...actions
}: { items: readonly UploadItem[]; onClearFinished(): void } & UploadItemActions) {
  const anyDone = items.some((item) => item.status.kind === "done");
  return (
    <>
      <p aria-live="polite" aria-atomic="true" className="sr-only">
        {summarizeUploads(items)}
      </p>
      {items.length > 0 ? (
        <section aria-labelledby="uploads-heading" className="flex flex-col gap-2">
          <div className="flex items-center justify-between gap-2">
            <h2 id="uploads-heading" className="font-medium text-sm">
              Uploads
            </h2>
            {anyDone ? (
              <Button size="sm" variant="ghost" onClick={onClearFinished}>
                Clear finished
              </Button>
            ) : null}
          </div>
          <ul className="grid gap-2 sm:grid-cols-2 xl:grid-cols-3">
            {items.map((item) => (
              <UploadListItem key={item.id} item={item} {...actions} />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
