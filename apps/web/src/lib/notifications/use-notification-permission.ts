"use client";

import { useCallback, useEffect, useState } from "react";

export type NotificationPermissionState = NotificationPermission | "unsupported";

const current = (): NotificationPermissionState =>
  "Notification" in window ? Notification.permission : "unsupported";

/**
 * The browser's permission for system notifications (sent by `BackgroundAnswers` when an answer
 * finishes in a hidden tab) and the way to ask. The browser keeps the choice; only it can undo a
 * refusal, so there is nothing to store on our side.
 */
export function useNotificationPermission(): [
  NotificationPermissionState,
  () => Promise<NotificationPermission>,
] {
  const [permission, setPermission] = useState<NotificationPermissionState>("unsupported");
  useEffect(() => setPermission(current()), []);
  const ask = useCallback(async () => {
    const answer = await Notification.requestPermission();
    setPermission(answer);
    return answer;
  }, []);
  return [permission, ask];
}
