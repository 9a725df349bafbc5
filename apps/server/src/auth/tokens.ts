import { createHash, randomBytes } from "node:crypto";

/** Opaque secrets (session cookies, API keys); only their sha256 is ever stored. */
export function newToken(prefix = ""): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
