"use client";

import { UploadSimpleIcon } from "@phosphor-icons/react";
import { useRef } from "react";
import { Button } from "@/components/ui/button";

/**
 * A button that opens the file picker (several files at once). The input itself stays hidden:
 * the button is what keyboard and screen-reader users reach.
 */
export function UploadButton({ onFiles }: { onFiles(files: File[]): void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        data-testid="upload-input"
        type="file"
        multiple
        hidden
        onChange={(event) => {
          const files = [...(event.currentTarget.files ?? [])];
          // Reset, so choosing the same file again (after a failure, say) still fires a change.
          event.currentTarget.value = "";
          if (files.length > 0) onFiles(files);
        }}
      />
      <Button onClick={() => input.current?.click()} className="shrink-0">
        <UploadSimpleIcon aria-hidden="true" className="size-4" />
        Upload files
      </Button>
    </>
  );
}
