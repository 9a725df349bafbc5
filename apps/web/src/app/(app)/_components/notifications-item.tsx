"use client";

import { BellIcon, BellSlashIcon } from "@phosphor-icons/react";
import { toast } from "sonner";
import { DropdownMenuItem } from "@/components/ui/dropdown-menu";
import { useNotificationPermission } from "@/lib/notifications/use-notification-permission";

/** The account menu's opt-in for system notifications when an answer finishes in a hidden tab. */
export function NotificationsItem() {
  const [permission, ask] = useNotificationPermission();
  if (permission === "unsupported") return null;
  if (permission !== "default") {
    return (
      <DropdownMenuItem disabled>
        {permission === "granted" ? <BellIcon aria-hidden="true" /> : <BellSlashIcon aria-hidden="true" />}
        {permission === "granted" ? "Notifications on" : "Notifications blocked in the browser"}
      </DropdownMenuItem>
    );
  }
  return (
    <DropdownMenuItem
      onSelect={(event) => {
        event.preventDefault();
        void ask().then((answer) => {
          if (answer === "granted")
            toast.success("You will be notified when an answer finishes in a hidden tab.");
        });
      }}
    >
      <BellIcon aria-hidden="true" />
      Notify me when answers finish
    </DropdownMenuItem>
  );
}
