import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, onTestFailed } from "vitest";
import { type CspWatch, watchCsp } from "./csp-watch";
import { launchBrowser, type RunningApp, type StartOptions, startApp } from "./harness";

/**
 * The usual frame of a browser suite: one app and one Chromium per file, a fresh context and page
 * per test (no cookies carried over), the server's output and the page's text printed when a test
 * fails, and a test failed when a page broke the Content-Security-Policy (csp-watch.ts).
 */
export type BrowserApp = { app: RunningApp; browser: Browser; context: BrowserContext; page: Page };

export function useBrowserApp(options: StartOptions & { context?: BrowserContextOptions } = {}): BrowserApp {
  const state = {} as BrowserApp;
  let csp: CspWatch | undefined;
  beforeAll(async () => {
    [state.app, state.browser] = await Promise.all([startApp(options), launchBrowser()]);
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.app?.stop();
  });
  beforeEach(async () => {
    state.context = await state.browser.newContext({ baseURL: state.app.baseUrl, ...options.context });
    csp = await watchCsp(state.context);
    state.page = await state.context.newPage();
    onTestFailed(async () => {
      // What the user would have seen when the step gave up: a timed-out wait names only its locator.
      const seen = await state.page
        .locator("body")
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point, not scripts' source
        .innerText({ timeout: 2_000 })
        .catch((error: Error) => `(unreadable: ${error.message})`);
      console.error(
        `--- server output (${state.app.baseUrl}) ---\n${state.app.logs()}\n--- page: ${state.page.url()}\n${seen.slice(0, 4_000)}`,
      );
    });
  });
  afterEach(async () => {
    try {
      await csp?.check();
    } finally {
      csp = undefined;
      await state.context?.close();
    }
  });
  return state;
}
