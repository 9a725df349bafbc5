"use client";

import { ImageBrokenIcon } from "@phosphor-icons/react";
import { useState } from "react";
import { MarkdownLink } from "./markdown-link";
import { imageSource } from "./url-policy";

/**
 * An image from model-authored markdown. Only workspace references (through the image route, with
 * the "AI cannot see this image" badge: the model wrote a reference, it never saw pixels) and
 * same-origin paths are fetched; anything else becomes a link labelled with the alt text.
 * Spans only: markdown puts images inside paragraphs.
 */
export function MarkdownImage({ src, alt }: { src: string | undefined; alt: string | undefined }) {
  const source = imageSource(src ?? "");
  const label = alt?.trim() || "image";
  switch (source.kind) {
    case "workspace":
      return <WorkspaceImage src={source.src} downloadHref={source.downloadHref} alt={label} />;
    case "same-origin":
      return <FetchedImage src={source.src} alt={label} />;
    case "link":
      return (
        <span data-image-link="">
          <MarkdownLink href={src}>{`[image: ${label}]`}</MarkdownLink>
        </span>
      );
  }
}

function Unavailable({ alt }: { alt: string }) {
  return (
    <span className="inline-flex items-center gap-1.5 rounded-md border px-2 py-1 text-muted-foreground text-sm">
      <ImageBrokenIcon aria-hidden="true" className="size-4" />
      {alt} (not available)
    </span>
  );
}

function FetchedImage({ src, alt }: { src: string; alt: string }) {
  const [failed, setFailed] = useState(false);
  if (failed) return <Unavailable alt={alt} />;
  return (
    // biome-ignore lint/performance/noImgElement: a user's private file behind a cookie, not a static asset next/image could optimise.
    <img
      src={src}
      alt={alt}
      loading="lazy"
      onError={() => setFailed(true)}
      className="max-h-96 max-w-full rounded-md border"
    />
  );
}

function WorkspaceImage({ src, downloadHref, alt }: { src: string; downloadHref: string; alt: string }) {
  const [failed, setFailed] = useState(false);
  // Deleted, not an image, or not ours (the route answers 404/415): say so, with no badge over it.
  if (failed) return <Unavailable alt={alt} />;
  return (
    <span className="relative my-2 inline-block max-w-full align-top">
      <a href={downloadHref} download="" title={`Download ${alt}`} className="block">
        {/* biome-ignore lint/performance/noImgElement: a user's private file behind a cookie, not a static asset next/image could optimise. */}
        <img
          src={src}
          alt={alt}
          loading="lazy"
          onError={() => setFailed(true)}
          className="max-h-96 max-w-full rounded-md border"
        />
      </a>
      <span
        data-testid="ai-cannot-see-badge"
        className="pointer-events-none absolute bottom-2 left-2 rounded-sm bg-foreground/80 px-1.5 py-0.5 font-medium text-[11px] text-background"
      >
        AI cannot see this image
      </span>
    </span>
  );
}
