import { createHmac, timingSafeEqual } from "node:crypto";
import { WEBHOOK_TOLERANCE_SECONDS } from "@copilot/protocol";

/**
 * Signing of `POST /api/chat/operations/{id}/complete` (docs/operations.md "Webhook"):
 * `X-Copilot-Signature: sha256=<hex HMAC-SHA256 of "{timestamp}.{raw body}">` with
 * OPERATIONS_WEBHOOK_SECRET, and `X-Copilot-Timestamp` in unix seconds within
 * WEBHOOK_TOLERANCE_SECONDS of the server's clock (a captured request cannot be replayed later).
 */
export function signWebhook(secret: string, timestamp: string, rawBody: Buffer | string): string {
  const hmac = createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex");
  return `sha256=${hmac}`;
}

export type WebhookCheck = { ok: true } | { ok: false; reason: string };

export function verifyWebhook(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: Buffer,
  nowSeconds: number,
): WebhookCheck {
  const { timestamp, signature } = headers;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp))
    return { ok: false, reason: "missing or malformed X-Copilot-Timestamp" };
  if (Math.abs(nowSeconds - Number(timestamp)) > WEBHOOK_TOLERANCE_SECONDS) {
    return {
      ok: false,
      reason: `X-Copilot-Timestamp is more than ${WEBHOOK_TOLERANCE_SECONDS} s away from the server's clock`,
    };
  }
  if (!signature) return { ok: false, reason: "missing X-Copilot-Signature" };
  // Equal lengths for timingSafeEqual whatever was sent: compare digests of both strings.
  const expected = createHmac("sha256", "compare")
    .update(signWebhook(secret, timestamp, rawBody))
    .digest();
  const given = createHmac("sha256", "compare").update(signature).digest();
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: "bad signature" };
}
