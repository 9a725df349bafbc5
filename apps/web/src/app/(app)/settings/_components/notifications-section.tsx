"use client";

import { Button } from "@/components/ui/button";
import { useNotificationPermission } from "@/lib/notifications/use-notification-permission";

const STATUS = {
  unsupported: "This browser cannot show notifications.",
  default: "Off. A toast still tells you when an answer finishes in another chat.",
  granted: "On: a hidden tab shows a system notification when an answer finishes.",
  denied: "Blocked in the browser's site settings; only the browser can allow them again.",
} as const;

export function NotificationsSection() {
  const [permission, ask] = useNotificationPermission();
  return (
    <section aria-labelledby="notifications-heading" className="flex flex-col gap-3 rounded-lg border p-4">
      <h2 id="notifications-heading" className="font-medium">
        Notifications
      </h2>
      <p className="text-muted-foreground text-sm" data-testid="notifications-status">
        {STATUS[permission]}
      </p>
      {permission === "default" ? (
        <Button variant="outline" className="self-start" onClick={() => void ask()}>
          Notify me when answers finish
        </Button>
      ) : null}
    </section>
  );
}
