import type { BrowserContext, Page } from "playwright-core";
import { onTestFinished } from "vitest";

/**
 * Content-Security-Policy violations seen by a browser context (docs/security.md): every e2e test
 * fails if the app broke its own policy, so a policy that is too strict (a feature silently blocked)
 * or code that needs a looser one (an inline handler, `eval`, a foreign origin) shows up in CI.
 *
 * Two sources, because neither sees everything: the page's `securitypolicyviolation` events (an init
 * script keeps them in `window.__cspViolations` and forwards each one to Node at once, so they
 * survive navigations), and Chromium's console messages, which also cover what blocks before any
 * script of the page runs.
 */
export type CspWatch = {
  /** What was recorded so far, one line per violation. */
  violations(): string[];
  /** Lets open pages deliver what they have queued, then throws if anything was recorded. */
  check(): Promise<void>;
};

export type CspViolation = { blockedURI: string; violatedDirective: string; sourceFile: string };

const BINDING = "__copilotCspViolation";

/** Runs in every page and frame of the context before its own scripts. */
function recordViolations(binding: string) {
  const store = window as unknown as {
    __cspViolations?: CspViolation[];
  } & Record<string, ((violation: CspViolation) => void) | undefined>;
  store.__cspViolations = [];
  // Capture phase on window: the event targets the element or the document and bubbles up to here.
  window.addEventListener(
    "securitypolicyviolation",
    (event) => {
      const violation = {
        blockedURI: event.blockedURI,
        violatedDirective: event.violatedDirective,
        sourceFile: `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
      };
      store.__cspViolations?.push(violation);
      store[binding]?.(violation);
    },
    true,
  );
}

export async function watchCsp(context: BrowserContext): Promise<CspWatch> {
  const seen: string[] = [];
  await context.exposeBinding(BINDING, ({ page }, violation: CspViolation) => {
    seen.push(
      `${page?.url() ?? "?"}: ${violation.violatedDirective} blocked ${violation.blockedURI || "(inline)"} (source ${violation.sourceFile})`,
    );
  });
  await context.addInitScript(recordViolations, BINDING);
  context.on("console", (message) => {
    if (message.text().includes("Content Security Policy"))
      seen.push(`${message.page()?.url() ?? "?"}: console ${message.type()}: ${message.text()}`);
  });

  const settle = async (page: Page) => {
    // One task later, events already queued in the page have been dispatched and forwarded.
    await page
      .evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)))
      .catch(() => {
        // Closed or navigating: whatever it had already sent is in `seen`.
      });
  };

  return {
    violations: () => [...seen],
    async check() {
      await Promise.all(context.pages().map(settle));
      if (seen.length > 0)
        throw new Error(`Content-Security-Policy violations (${seen.length}):\n${seen.join("\n")}`);
    },
  };
}

/**
 * For a context a test creates itself: watches it and fails the current test, once it has ended,
 * if any page broke the policy. Call it from the test or a `beforeEach`.
 */
export async function failOnCspViolations(context: BrowserContext): Promise<void> {
  const watch = await watchCsp(context);
  onTestFinished(() => watch.check());
}
