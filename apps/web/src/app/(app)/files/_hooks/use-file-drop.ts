"use client";

import { type DragEvent, useCallback, useRef, useState } from "react";

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes("Files");

/**
 * Whole-page drop target. Drag events fire for every child the pointer crosses, so a depth counter
 * (not the last event) says whether the pointer is still over the page. Dropped folders are left
 * out: the browser hands them over as unreadable zero-byte "files".
 */
export function useFileDrop(onFiles: (files: File[], skippedFolders: number) => void) {
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);

  const onDragEnter = useCallback((event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth.current += 1;
    setDragging(true);
  }, []);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!carriesFiles(event)) return;
    // Without preventDefault the browser refuses the drop (and would open the file instead).
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  }, []);

  const onDragLeave = useCallback((event: DragEvent) => {
    if (!carriesFiles(event)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setDragging(false);
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current = 0;
      setDragging(false);
      const files: File[] = [];
      let skippedFolders = 0;
      for (const item of event.dataTransfer.items) {
        if (item.kind !== "file") continue;
        if (item.webkitGetAsEntry()?.isDirectory) {
          skippedFolders += 1;
          continue;
        }
        const file = item.getAsFile();
        if (file) files.push(file);
      }
      onFiles(files, skippedFolders);
    },
    [onFiles],
  );

  return { dragging, dropHandlers: { onDragEnter, onDragOver, onDragLeave, onDrop } };
}
