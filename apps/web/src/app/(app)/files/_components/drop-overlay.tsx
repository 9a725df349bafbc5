import { CloudArrowUpIcon } from "@phosphor-icons/react";

/** Shown while files are dragged over the page; it lets every event through to the drop target. */
export function DropOverlay({ folder }: { folder: string }) {
  return (
    <div
      aria-hidden="true"
      className="pointer-events-none absolute inset-2 z-40 grid place-items-center rounded-lg border-2 border-primary border-dashed bg-background/85 animate-fade-in"
    >
      <div className="flex flex-col items-center gap-2 text-center">
        <CloudArrowUpIcon className="size-10 text-primary" />
        <p className="font-medium">Drop files to upload</p>
        <p className="max-w-sm break-all text-muted-foreground text-sm">to {folder}</p>
      </div>
    </div>
  );
}
