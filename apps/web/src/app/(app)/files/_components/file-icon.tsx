import {
  FileCodeIcon,
  FileIcon,
  FileImageIcon,
  FilePdfIcon,
  FileTextIcon,
  FileZipIcon,
  FolderSimpleIcon,
  type Icon,
} from "@phosphor-icons/react";
import { essenceOf } from "@/lib/files/format";

function iconFor(mimeType: string): Icon {
  const essence = essenceOf(mimeType);
  if (essence.startsWith("image/")) return FileImageIcon;
  if (essence === "application/pdf") return FilePdfIcon;
  if (essence === "application/zip" || essence === "application/gzip") return FileZipIcon;
  if (essence === "application/json" || essence === "text/javascript" || essence === "application/xml") {
    return FileCodeIcon;
  }
  if (essence.startsWith("text/")) return FileTextIcon;
  return FileIcon;
}

/** Decorative: the row's type column says the same in words. */
export function FileTypeIcon({ mimeType, className }: { mimeType: string | "folder"; className?: string }) {
  const IconComponent = mimeType === "folder" ? FolderSimpleIcon : iconFor(mimeType);
  return (
    <IconComponent
      aria-hidden="true"
      weight={mimeType === "folder" ? "fill" : "regular"}
      className={className ?? "size-5 shrink-0 text-muted-foreground"}
    />
  );
}
