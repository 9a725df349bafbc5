import { INLINE_IMAGE_TYPES, parseWorkspaceReference } from "@copilot/protocol";
import { FileIcon } from "@phosphor-icons/react";
import type { ChatMessage } from "@/lib/chat/message-parts";

type FileView = { id: string; name: string; mimeType: string };

/** The workspace files a message carries (pure): only `workspace://` references, nothing else. */
export function attachedFiles(parts: ChatMessage["parts"]): FileView[] {
  return parts.flatMap((part) => {
    if (part.type !== "file" || typeof part.url !== "string") return [];
    const reference = parseWorkspaceReference(part.url);
    if (!reference) return [];
    const mimeType = typeof part.mediaType === "string" ? part.mediaType : (reference.mimeType ?? "");
    const name = typeof part.filename === "string" ? part.filename : "file";
    return [{ id: reference.fileId, name, mimeType }];
  });
}

/**
 * A user message's files: images as thumbnails (through the image route, which serves only real
 * raster images), other files as chips that download. Both stay on our origin.
 */
export function MessageAttachments({ parts }: { parts: ChatMessage["parts"] }) {
  const files = attachedFiles(parts);
  if (files.length === 0) return null;
  return (
    <ul aria-label="Attached files" className="flex max-w-[85%] flex-wrap justify-end gap-2">
      {files.map((file) => {
        const base = `/api/workspace/files/${encodeURIComponent(file.id)}`;
        return (
          <li key={file.id} data-testid="message-attachment" data-file-id={file.id}>
            {INLINE_IMAGE_TYPES.has(file.mimeType) ? (
              <a
                href={`${base}/download`}
                title={file.name}
                className="block overflow-hidden rounded-lg border"
              >
                {/* biome-ignore lint/performance/noImgElement: a private, same-origin image; next/image would proxy it. */}
                <img src={`${base}/image`} alt={file.name} className="max-h-40 max-w-60 object-cover" />
              </a>
            ) : (
              <a
                href={`${base}/download`}
                className="flex max-w-60 items-center gap-2 rounded-md border bg-muted/40 px-2 py-1.5 text-xs hover:bg-accent"
              >
                <FileIcon aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
                <span className="truncate">{file.name}</span>
              </a>
            )}
          </li>
        );
      })}
    </ul>
  );
}
