"use client";

import { MarkdownImage } from "@/lib/markdown/markdown-image";
import { imageSource } from "@/lib/markdown/url-policy";

/** A `workspace://` reference whose type fragment says image: the only kind of value drawn as a picture. */
export function isImageReference(value: unknown): value is string {
  return (
    typeof value === "string" &&
    /^workspace:\/\/[^#]+#image\//i.test(value) &&
    imageSource(value).kind === "workspace"
  );
}

/**
 * One output value of a run. A `workspace://` reference to an image is shown through the same safe
 * rendering as the chat (the image route, only for the caller's own files); other text is shown
 * as text, anything else as JSON. Nothing is ever rendered as HTML or fetched from elsewhere.
 */
export function RunValue({ name, value }: { name: string; value: unknown }) {
  if (isImageReference(value)) {
    return <MarkdownImage src={value} alt={name} />;
  }
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return (
    <pre className="max-h-60 overflow-auto whitespace-pre-wrap break-words rounded-md bg-muted p-2 font-mono text-xs">
      {text}
    </pre>
  );
}
