import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import { signUp } from "./files-support";

/** A phone (390×844, touch only): no zoom on focus, no keyboard hints, and the app's icons. */
describe.skipIf(inject("e2eSkipReason") !== "")("a phone: composer and icons", () => {
  const t = useBrowserApp({
    context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  });

  it("uses a 16 px composer and speaks of Stop, not Esc, while an answer streams", async () => {
    await signUp(t.page);
    await t.page.goto("/chat");
    const composer = t.page.getByTestId("composer");
    await composer.waitFor();
    expect(await composer.evaluate((element) => getComputedStyle(element).fontSize)).toBe("16px");
    await composer.fill("long answer please");
    await t.page.getByTestId("send").tap();
    await t.page.getByTestId("stop").waitFor();
    await expect
      .poll(() => composer.getAttribute("placeholder"))
      .toBe("Type your next message; it is sent when this answer ends");
    expect(await t.page.getByText(/Esc/).isVisible()).toBe(false);
    await t.page.getByTestId("stop").tap();
    await t.page.getByTestId("send").waitFor();
  });

  it("serves a favicon and the icons the pages link to", async () => {
    const favicon = await t.context.request.get("/favicon.ico");
    expect(favicon.status()).toBe(200);
    expect((await favicon.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
    await t.page.goto("/login");
    const links = await t.page
      .locator('link[rel="icon"], link[rel="apple-touch-icon"]')
      .evaluateAll((elements) => elements.map((element) => (element as HTMLLinkElement).href));
    expect(links.length).toBeGreaterThanOrEqual(2);
    for (const href of links) {
      const response = await t.context.request.get(href);
      expect(response.status(), href).toBe(200);
      expect(response.headers()["content-type"], href).toMatch(/^image\//);
    }
  });
});
