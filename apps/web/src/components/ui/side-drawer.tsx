"use client";

import { XIcon } from "@phosphor-icons/react";
import { Dialog as DialogPrimitive } from "radix-ui";
import { type ReactNode, useState } from "react";
import { Button } from "@/components/ui/button";
import { DialogOverlay } from "@/components/ui/dialog";
import { cn } from "@/lib/cn";

/**
 * A panel that slides in from the left on small screens (navigation, the conversation list). It is
 * a modal dialog: focus is trapped inside while open, Escape closes it and focus returns to the
 * trigger. `children` receives `close`, for links that navigate away.
 */
export function SideDrawer({
  trigger,
  title,
  closeLabel,
  className,
  children,
}: {
  /** The button that opens it (rendered as the dialog trigger). */
  trigger: ReactNode;
  /** The dialog's accessible title, shown in the drawer's header. */
  title: ReactNode;
  closeLabel: string;
  className?: string;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <DialogPrimitive.Root open={open} onOpenChange={setOpen}>
      <DialogPrimitive.Trigger asChild>{trigger}</DialogPrimitive.Trigger>
      <DialogPrimitive.Portal>
        <DialogOverlay />
        <DialogPrimitive.Content
          aria-describedby={undefined}
          className={cn(
            "fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col border-r bg-sidebar shadow-lg outline-none data-[state=closed]:animate-slide-out-left data-[state=open]:animate-slide-in-left",
            className,
          )}
        >
          <div className="flex items-center justify-between">
            <DialogPrimitive.Title asChild>{title}</DialogPrimitive.Title>
            <DialogPrimitive.Close asChild>
              <Button variant="ghost" size="icon" aria-label={closeLabel}>
                <XIcon aria-hidden="true" className="size-5" />
              </Button>
            </DialogPrimitive.Close>
          </div>
          {children(() => setOpen(false))}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
