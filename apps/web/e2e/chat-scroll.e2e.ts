import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { type BrowserApp, useBrowserApp } from "./browser-app";
import { LONG_PROMPT, sendMessage, signUp, waitForIdle } from "./chat-helpers";

/** The conversation's scroller: the `role="log"` list's scrolling parent. */
const scroller = (page: Page) => page.getByRole("log", { name: "Messages" }).locator("xpath=..");

const distanceFromEnd = (page: Page) =>
  scroller(page).evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight);

/** Whether the element is inside the scroller's visible box. */
async function inView(page: Page, selector: string): Promise<boolean> {
  return scroller(page).evaluate((element, target) => {
    const box = element.getBoundingClientRect();
    const found = element.querySelectorAll(target);
    const last = found[found.length - 1]?.getBoundingClientRect();
    return last !== undefined && last.bottom > box.top && last.top < box.bottom;
  }, selector);
}

function scrollingSuite(t: BrowserApp, scrollUp: (page: Page) => Promise<void>) {
  it("follows a streaming answer only while at the bottom, and Jump to latest follows again", async () => {
    await signUp(t.context, t.app.baseUrl);
    await t.page.goto("/chat");
    await sendMessage(t.page, LONG_PROMPT);
    await t.page.getByTestId("stop").waitFor();
    // Following: the end stays in view while the answer grows.
    await expect
      .poll(() => scroller(t.page).evaluate((element) => element.scrollHeight > element.clientHeight * 2), {
        timeout: 30_000,
      })
      .toBe(true);
    // Following scrolls on the frame after the content grows: a read between the two sees a gap.
    await expect.poll(() => distanceFromEnd(t.page)).toBeLessThanOrEqual(48);

    // The reader scrolls up: the view stays where they are while the answer goes on.
    await scrollUp(t.page);
    await t.page.getByTestId("jump-to-latest").waitFor();
    const readingAt = await scroller(t.page).evaluate((element) => element.scrollTop);
    await expect.poll(() => distanceFromEnd(t.page)).toBeGreaterThan(400);
    expect(await scroller(t.page).evaluate((element) => element.scrollTop)).toBe(readingAt);

    await t.page.getByTestId("jump-to-latest").click();
    await expect.poll(() => distanceFromEnd(t.page)).toBeLessThanOrEqual(48);
    await waitForIdle(t.page);
    await expect.poll(() => distanceFromEnd(t.page)).toBeLessThanOrEqual(48);
  });

  it("sending while scrolled up shows the new message and its answer", async () => {
    await signUp(t.context, t.app.baseUrl);
    await t.page.goto("/chat");
    await sendMessage(t.page, LONG_PROMPT);
    // The new chat's page is idle until the answer starts: wait for it to start, then to end.
    await t.page.getByTestId("stop").waitFor();
    await waitForIdle(t.page);
    await scrollUp(t.page);
    await t.page.getByTestId("jump-to-latest").waitFor();

    await sendMessage(t.page, "/echo scrolled-up send");
    await t.page.getByText("scrolled-up send").last().waitFor();
    await expect.poll(() => inView(t.page, '[data-role="user"]')).toBe(true);
    await waitForIdle(t.page);
    await expect.poll(() => inView(t.page, '[data-role="assistant"]')).toBe(true);
    expect(await t.page.getByTestId("jump-to-latest").count()).toBe(0);
  });

  it("a reload mid-answer opens at the end of the answer and follows it", async () => {
    await signUp(t.context, t.app.baseUrl);
    await t.page.goto("/chat");
    await sendMessage(t.page, LONG_PROMPT);
    await t.page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    await t.page.getByTestId("stop").waitFor();
    await t.page.reload();
    await t.page.getByTestId("stop").waitFor();
    const heightAfterReload = await scroller(t.page).evaluate((element) => element.scrollHeight);
    // The answer goes on growing after the reload, and the view stays at its end.
    await expect
      .poll(() => scroller(t.page).evaluate((element) => element.scrollHeight), { timeout: 30_000 })
      .toBeGreaterThan(heightAfterReload + 200);
    await expect.poll(() => distanceFromEnd(t.page)).toBeLessThanOrEqual(48);
    expect(await t.page.getByTestId("jump-to-latest").count()).toBe(0);
  });
}

describe.skipIf(inject("e2eSkipReason") !== "")("chat scrolling: desktop", () => {
  const t = useBrowserApp({ env: { OFFLINE_MODEL_DELAY_MS: "4" } });
  scrollingSuite(t, async (page) => {
    const box = await scroller(page).boundingBox();
    if (!box) throw new Error("no scroller");
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -1_500);
  });
});

describe.skipIf(inject("e2eSkipReason") !== "")("chat scrolling: a phone (390×844)", () => {
  const t = useBrowserApp({
    env: { OFFLINE_MODEL_DELAY_MS: "4" },
    context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  });
  // A swipe down the screen: the page scrolls up, as a finger would move it.
  scrollingSuite(t, async (page) => {
    await scroller(page).evaluate((element) => element.scrollBy({ top: -1_500 }));
  });
});
