import { FileIcon, LinkSimpleIcon } from "@phosphor-icons/react";
import type { ChatMessage } from "@/lib/chat/message-parts";
import { asToolPart } from "@/lib/chat/message-parts";
import { operationRefOf } from "@/lib/chat/operation-view";
import { MarkdownImage } from "@/lib/markdown/markdown-image";
import { MarkdownLink } from "@/lib/markdown/markdown-link";
import { SafeMarkdown } from "@/lib/markdown/safe-markdown";
import { OperationCard } from "./operations/operation-card";
import { ReasoningBlock } from "./reasoning-block";
import { ToolCard } from "./tool-card";

type Part = ChatMessage["parts"][number];

const stringField = (part: Part, key: string): string | undefined =>
  typeof part[key] === "string" ? (part[key] as string) : undefined;

/**
 * One part of an assistant message. Parts come from the live stream or from the saved message
 * (loose JSON), so every field is checked before use; unknown parts render nothing.
 */
export function AssistantPart({ part, streaming }: { part: Part; streaming: boolean }) {
  if (part.type === "text") {
    // A fence the answer left unclosed is open only while the answer is still being written.
    return (
      <SafeMarkdown text={stringField(part, "text") ?? ""} streaming={streaming && part.state !== "done"} />
    );
  }
  if (part.type === "reasoning") {
    return (
      <ReasoningBlock
        text={stringField(part, "text") ?? ""}
        streaming={streaming && part.state === "streaming"}
      />
    );
  }
  const tool = asToolPart(part);
  if (tool) {
    // A long-running tool call is an operation: its card follows the work on the server.
    const operation = operationRefOf(tool);
    return operation ? <OperationCard operation={operation} /> : <ToolCard part={tool} />;
  }
  if (part.type === "file") {
    const url = stringField(part, "url");
    const mediaType = stringField(part, "mediaType") ?? "";
    if (mediaType.startsWith("image/"))
      return <MarkdownImage src={url} alt={stringField(part, "filename") ?? "image"} />;
    return (
      <p className="my-2 flex items-center gap-2 text-sm">
        <FileIcon aria-hidden="true" className="size-4 text-muted-foreground" />
        <MarkdownLink href={url}>{stringField(part, "filename") ?? mediaType ?? "file"}</MarkdownLink>
      </p>
    );
  }
  if (part.type === "source-url") {
    const url = stringField(part, "url");
    return (
      <p className="my-1 flex items-center gap-2 text-muted-foreground text-xs">
        <LinkSimpleIcon aria-hidden="true" className="size-3.5" />
        <MarkdownLink href={url}>{stringField(part, "title") ?? url}</MarkdownLink>
      </p>
    );
  }
  if (part.type === "source-document") {
    return (
      <p className="my-1 flex items-center gap-2 text-muted-foreground text-xs">
        <FileIcon aria-hidden="true" className="size-3.5" />
        {stringField(part, "title") ?? stringField(part, "filename") ?? "document"}
      </p>
    );
  }
  // step-start, data-* and anything newer: nothing to show.
  return null;
}
