"use client";

import type { WorkspaceFile } from "@copilot/protocol";
import { useState } from "react";
import { imageUrl } from "@/lib/files/file-urls";

/**
 * A raster image through the image route, the only route that serves uploaded bytes inline (and
 * only PNG, JPEG, GIF and WebP, checked by content on the server).
 */
export function ImagePreview({ file }: { file: WorkspaceFile }) {
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <p role="alert" className="text-destructive text-sm">
        The image could not be shown. Download the file to open it.
      </p>
    );
  }
  return (
    <div className="flex max-h-[60vh] justify-center overflow-auto rounded-md border bg-muted/40 p-2">
      {/* A same-origin, per-user route: next/image's optimiser would fetch it without the cookie. */}
      {/* biome-ignore lint/performance/noImgElement: see above */}
      <img
        src={imageUrl(file)}
        alt={`Preview of ${file.name}`}
        className="h-auto max-w-full object-contain"
        onError={() => setFailed(true)}
      />
    </div>
  );
}
