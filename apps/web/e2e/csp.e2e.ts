import type { BrowserContext } from "playwright-core";
import { afterEach, describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import { watchCsp } from "./csp-watch";

/**
 * The watcher every browser suite runs under (csp-watch.ts) must be able to fail: these tests break
 * the policy on purpose in a context of their own and expect its check to throw. The suites' own
 * contexts (checked by useBrowserApp after each test) stay clean.
 */
describe.skipIf(inject("e2eSkipReason") !== "")("content security policy watch", () => {
  const t = useBrowserApp();
  let context: BrowserContext | undefined;
  afterEach(async () => {
    await context?.close();
  });

  it("reports a resource the policy blocks, with its directive and address", async () => {
    context = await t.browser.newContext({ baseURL: t.app.baseUrl });
    const watch = await watchCsp(context);
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByRole("heading", { name: "Log in" }).waitFor();
    await watch.check(); // The app's own page is clean.

    // img-src is 'self' data: blob:, so a foreign image is refused before any request leaves.
    await page.evaluate(() => {
      const image = document.createElement("img");
      image.src = "http://blocked.invalid/pixel.png";
      document.body.append(image);
    });
    await expect.poll(() => watch.violations().join("\n"), { timeout: 5_000 }).toMatch(/img-src/);
    await expect(watch.check()).rejects.toThrow(/img-src blocked http:\/\/blocked\.invalid\/pixel\.png/);
  });

  it("reports inline scripts, from events and the console, under a policy without 'unsafe-inline'", async () => {
    context = await t.browser.newContext({ baseURL: t.app.baseUrl });
    const watch = await watchCsp(context);
    // The real policy minus 'unsafe-inline' in script-src: what a nonce-less tightening would do
    // to Next.js's inline bootstrap scripts (docs/security.md says why the policy keeps it).
    await context.route("**/login", async (route) => {
      const response = await route.fetch();
      const policy = response.headers()["content-security-policy"] ?? "";
      expect(policy).toContain("script-src 'self' 'unsafe-inline'");
      await route.fulfill({
        response,
        headers: {
          ...response.headers(),
          "content-security-policy": policy.replace("script-src 'self' 'unsafe-inline'", "script-src 'self'"),
        },
      });
    });
    const page = await context.newPage();
    await page.goto("/login");
    const fromEvent = /script-src(-elem)? blocked inline/;
    const fromConsole = /console error: .*Content Security Policy/;
    await expect
      .poll(() => watch.violations().join("\n"), { timeout: 10_000 })
      .toSatisfy((lines: string) => fromEvent.test(lines) && fromConsole.test(lines));
    await expect(watch.check()).rejects.toThrow(/Content-Security-Policy violations/);
  });
});
