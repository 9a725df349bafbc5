import { randomUUID } from "node:crypto";
import type { BrowserContext, Page, Request } from "playwright-core";

/**
 * Shared steps of the chat end-to-end tests: accounts and sessions through the API (with the
 * Origin header CSRF protection asks for), and what the page shows, read from the stable hooks of
 * docs/api.md §8 (`data-message-id`, `data-role`, `data-testid`).
 */

/** At 15 ms per word the offline model's `long` answer (1,600+ words) takes about 25 s. */
export const LONG_ANSWER_ENV = { OFFLINE_MODEL_DELAY_MS: "15" };
export const LONG_PROMPT = "Please write a long answer about durable streams.";

type SavedMessage = {
  id: string;
  role: string;
  parts: Array<{ type: string; text?: unknown }>;
  metadata?: Record<string, unknown>;
};
export type SessionDetail = {
  id: string;
  title: string;
  messages: SavedMessage[];
  active_stream: { task_id: string } | null;
};

export async function signUp(context: BrowserContext, origin: string): Promise<string> {
  const email = `e2e-${randomUUID()}@example.com`;
  const response = await context.request.post(`${origin}/api/auth/signup`, {
    data: { email, password: "correct horse battery staple" },
    headers: { origin },
  });
  if (response.status() !== 201)
    throw new Error(`signup failed: ${response.status()} ${await response.text()}`);
  return email;
}

export async function createSession(context: BrowserContext, origin: string, title = "E2E"): Promise<string> {
  const response = await context.request.post(`${origin}/api/chat/sessions`, {
    data: { title },
    headers: { origin },
  });
  if (response.status() !== 201) throw new Error(`create session failed: ${response.status()}`);
  return ((await response.json()) as { id: string }).id;
}

export async function getSession(
  context: BrowserContext,
  origin: string,
  id: string,
): Promise<SessionDetail> {
  const response = await context.request.get(`${origin}/api/chat/sessions/${id}`);
  if (!response.ok()) throw new Error(`get session failed: ${response.status()}`);
  return (await response.json()) as SessionDetail;
}

export async function getTask(context: BrowserContext, origin: string, taskId: string) {
  const response = await context.request.get(`${origin}/api/chat/tasks/${taskId}`);
  if (!response.ok()) throw new Error(`get task failed: ${response.status()}`);
  return (await response.json()) as { status: string; last_message_id: string | null };
}

/** The text parts of a saved message, joined as the model wrote them (markdown). */
export const savedText = (message: SavedMessage) =>
  message.parts
    .flatMap((part) => (part.type === "text" && typeof part.text === "string" ? [part.text] : []))
    .join("\n\n");

/** Markdown of the `long` answer (headings and paragraphs) as the rendered text reads. */
export const markdownAsText = (markdown: string) =>
  markdown
    .replace(/^#{1,6}\s+/gm, "")
    .replace(/\s+/g, " ")
    .trim();
export const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

export const assistantSelector = '[data-role="assistant"]';
export const contentOf = (messageId: string) =>
  `[data-message-id="${messageId}"] [data-slot="message-content"]`;

/** Types into the composer and presses Enter. */
export async function sendMessage(page: Page, text: string) {
  const composer = page.getByTestId("composer");
  await composer.waitFor();
  // No answer running (Stop is gone): Enter sends now instead of queueing the message.
  await page.waitForFunction(() => document.querySelector('[data-testid="stop"]') === null);
  await composer.fill(text);
  await composer.press("Enter");
}

/** The id of the last assistant message once it has at least `minChars` characters of text. */
export async function waitForAssistantText(page: Page, minChars: number, timeout = 60_000): Promise<string> {
  const handle = await page.waitForFunction(
    ({ selector, min }) => {
      const all = document.querySelectorAll(selector);
      const last = all[all.length - 1];
      const content = last?.querySelector('[data-slot="message-content"]');
      return content && (content.textContent ?? "").length >= min
        ? last?.getAttribute("data-message-id")
        : null;
    },
    { selector: assistantSelector, min: minChars },
    { timeout, polling: 50 },
  );
  return (await handle.jsonValue()) as string;
}

export async function textLength(page: Page, messageId: string): Promise<number> {
  return page.evaluate(
    (selector) => document.querySelector(selector)?.textContent?.length ?? 0,
    contentOf(messageId),
  );
}

/** Waits until no turn runs: Send is back and Stop gone. */
export async function waitForIdle(page: Page, timeout = 90_000) {
  await page.getByTestId("send").waitFor({ timeout });
  await page.waitForFunction(() => document.querySelector('[data-testid="stop"]') === null, null, {
    timeout,
  });
}

/** Counts the page's attaches to task streams (`GET …/stream`), the requests a reload must not multiply. */
export function countStreamGets(page: Page) {
  const seen: string[] = [];
  const listener = (request: Request) => {
    if (request.method() === "GET" && /\/api\/chat\/(tasks|sessions)\/[^/]+\/stream/.test(request.url()))
      seen.push(request.url());
  };
  page.on("request", listener);
  return {
    get urls() {
      return [...seen];
    },
    stop: () => page.off("request", listener),
  };
}

/** The session id from a /chat/{id} URL. */
export const sessionIdOf = (page: Page) => new URL(page.url()).pathname.split("/")[2] ?? "";

type Watch = {
  removed: string[];
  shrank: Array<{ from: number; to: number }>;
  maxLength: number;
  sameNode: boolean;
  connected: boolean;
};

/**
 * Installs a MutationObserver in the page that records every removal of a `[data-message-id]`
 * element and every time the watched message's text got shorter than it had been.
 */
export async function watchMessage(page: Page, messageId: string) {
  await page.evaluate((id) => {
    const node = document.querySelector(`[data-message-id="${id}"]`);
    if (!node) throw new Error(`message ${id} is not on the page`);
    const length = () => node.querySelector('[data-slot="message-content"]')?.textContent?.length ?? 0;
    const state = {
      node,
      removed: [] as string[],
      shrank: [] as Array<{ from: number; to: number }>,
      maxLength: length(),
    };
    new MutationObserver((records) => {
      for (const record of records) {
        for (const removed of record.removedNodes) {
          if (!(removed instanceof Element)) continue;
          const hit = removed.matches("[data-message-id]")
            ? removed
            : removed.querySelector("[data-message-id]");
          if (hit) state.removed.push(hit.getAttribute("data-message-id") ?? "?");
        }
      }
      const now = length();
      if (now < state.maxLength) state.shrank.push({ from: state.maxLength, to: now });
      state.maxLength = Math.max(state.maxLength, now);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
    Object.assign(window, { __messageWatch: state });
  }, messageId);
}

export async function readMessageWatch(page: Page, messageId: string): Promise<Watch> {
  return page.evaluate((id) => {
    const state = (
      window as unknown as {
        __messageWatch: {
          node: Element;
          removed: string[];
          shrank: Array<{ from: number; to: number }>;
          maxLength: number;
        };
      }
    ).__messageWatch;
    return {
      removed: state.removed,
      shrank: state.shrank,
      maxLength: state.maxLength,
      sameNode: document.querySelector(`[data-message-id="${id}"]`) === state.node,
      connected: state.node.isConnected,
    };
  }, messageId);
}

/** The message's text as a reader sees it, whitespace collapsed (blocks separated, unlike textContent). */
export async function renderedText(page: Page, messageId: string): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: textContent runs paragraphs and headings together.
  return collapse(await page.locator(contentOf(messageId)).innerText());
}

/** Waits until React has hydrated the composer: before that no listener of the page runs. */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const composer = document.querySelector('[data-testid="composer"]');
    return composer !== null && Object.keys(composer).some((key) => key.startsWith("__reactFiber"));
  });
}
