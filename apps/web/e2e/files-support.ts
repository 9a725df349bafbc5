import { createHash, randomUUID } from "node:crypto";
import { type ChatSessionDetail, chatSessionDetailSchema } from "@copilot/protocol";
import type { BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export const PASSWORD = "correct horse battery staple";

/** Signs up a fresh user through the UI; the context then carries the session cookie. */
export async function signUp(page: Page): Promise<string> {
  const email = `e2e-files-${randomUUID()}@example.com`;
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("**/chat**");
  return email;
}

export async function logIn(page: Page, email: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL("**/chat**");
}

/**
 * Throttles what the page sends (bytes per second) through the DevTools protocol, so upload
 * progress has intermediate values to show on a loopback connection; null lifts the limit.
 */
export async function throttleUpload(context: BrowserContext, page: Page, bytesPerSecond: number | null) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond ?? -1,
  });
}

/**
 * Records every `aria-valuenow` any upload progress bar shows, from now on, into
 * `window.__uploadProgress` (a MutationObserver: a poll could miss values between two looks).
 */
export async function recordUploadProgress(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(() => {
    const seen: number[] = [];
    Object.assign(window, { __uploadProgress: seen });
    const record = (element: Element) => {
      const value = element.getAttribute("aria-valuenow");
      if (value !== null) seen.push(Number(value));
    };
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        if (mutation.type === "attributes" && mutation.target instanceof Element) {
          if (mutation.target.matches('[data-testid="upload-progress"]')) record(mutation.target);
          continue;
        }
        for (const node of mutation.addedNodes) {
          if (!(node instanceof Element)) continue;
          if (node.matches('[data-testid="upload-progress"]')) record(node);
          node.querySelectorAll('[data-testid="upload-progress"]').forEach(record);
        }
      }
    }).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["aria-valuenow"],
    });
  });
  return () =>
    page.evaluate(() => (window as unknown as { __uploadProgress: number[] }).__uploadProgress.slice());
}

const SESSION_URL = /\/chat\/([0-9a-f-]{36})(?:[/?#]|$)/;

/** Types a message into the chat composer and sends it; resolves with the session's id from the URL. */
export async function sendInChat(page: Page, text: string): Promise<string> {
  await page.getByTestId("composer").fill(text);
  await page.getByTestId("send").click();
  await page.waitForURL(SESSION_URL);
  const id = SESSION_URL.exec(page.url())?.[1];
  if (!id) throw new Error(`no session id in ${page.url()}`);
  return id;
}

/**
 * The session as saved once its turn has ended (no active stream, an assistant message saved):
 * polls the API, because "ended" is a server-side fact that the page only reflects.
 */
export async function savedSession(context: BrowserContext, sessionId: string): Promise<ChatSessionDetail> {
  let detail: ChatSessionDetail | undefined;
  await expect
    .poll(
      async () => {
        const response = await context.request.get(`/api/chat/sessions/${sessionId}`);
        if (!response.ok()) return `HTTP ${response.status()}`;
        detail = chatSessionDetailSchema.parse(await response.json());
        const ended =
          detail.active_stream === null && detail.messages.some((message) => message.role === "assistant");
        return ended ? "ended" : "running";
      },
      { timeout: 60_000, interval: 200 },
    )
    .toBe("ended");
  if (!detail) throw new Error("unreachable: the poll ended without a session");
  return detail;
}

/** The output of the first `toolName` call in the saved messages (AI SDK part `tool-<name>`). */
export function toolOutput(detail: ChatSessionDetail, toolName: string): unknown {
  for (const message of detail.messages) {
    for (const part of message.parts) {
      if (part.type === `tool-${toolName}` && part.state === "output-available") return part.output;
    }
  }
  throw new Error(`no finished ${toolName} call in ${JSON.stringify(detail.messages)}`);
}
