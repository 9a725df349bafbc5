"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, useSyncExternalStore } from "react";
import { createUploadQueue, type UploadQueue } from "@/lib/files/upload-queue";
import type { UploadItem } from "@/lib/files/upload-state";
import { xhrUpload } from "@/lib/files/xhr-upload";
import { invalidateWorkspace } from "@/lib/queries/files";

const NO_UPLOADS: readonly UploadItem[] = [];

/**
 * The page's upload queue (one per mounted page) and its items as React state. Each finished
 * upload refreshes the listings and the usage bar.
 */
export function useUploadQueue(): { queue: UploadQueue; items: readonly UploadItem[] } {
  const queryClient = useQueryClient();
  const [queue] = useState(() =>
    createUploadQueue({ transport: xhrUpload, onUploaded: () => void invalidateWorkspace(queryClient) }),
  );
  const items = useSyncExternalStore(queue.subscribe, queue.getSnapshot, () => NO_UPLOADS);
  return { queue, items };
}
