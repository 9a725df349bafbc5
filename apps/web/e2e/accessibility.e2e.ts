import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import { LONG_PROMPT, sendMessage, signUp, waitForIdle } from "./chat-helpers";

/** Serious and critical WCAG 2.x A/AA violations on the page as it is now: id, impact, where. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return result.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(" "))
          .join(", ")}`,
    );
}

for (const scheme of ["light", "dark"] as const) {
  describe.skipIf(inject("e2eSkipReason") !== "")(`accessibility (${scheme})`, () => {
    const t = useBrowserApp({ env: { OFFLINE_MODEL_DELAY_MS: "8" }, context: { colorScheme: scheme } });

    it("signup and login have no serious or critical violations", async () => {
      await t.page.goto("/signup");
      await t.page.getByRole("button", { name: /sign up|create/i }).waitFor();
      expect(await violations(t.page)).toEqual([]);
      await t.page.goto("/login");
      await t.page.getByRole("button", { name: /log in|sign in/i }).waitFor();
      expect(await violations(t.page)).toEqual([]);
      // The check itself can fail: a button without a name is reported.
      await t.page.evaluate(() => document.body.append(document.createElement("button")));
      expect((await violations(t.page)).some((violation) => violation.startsWith("button-name"))).toBe(true);
    });

    it("chat idle, streaming and answered, files, agents and settings have none either", async () => {
      await signUp(t.context, t.app.baseUrl);
      await t.page.goto("/chat");
      await t.page.getByTestId("composer").waitFor();
      expect(await violations(t.page)).toEqual([]);

      await sendMessage(t.page, LONG_PROMPT);
      await t.page.getByTestId("stop").waitFor();
      expect(await violations(t.page)).toEqual([]);
      await waitForIdle(t.page);
      expect(await violations(t.page)).toEqual([]);

      for (const [path, ready] of [
        ["/files", "usage-bar"],
        ["/agents", null],
        ["/settings", "settings-model"],
      ] as const) {
        await t.page.goto(path);
        if (ready) await t.page.getByTestId(ready).waitFor();
        else await t.page.getByRole("heading", { level: 1 }).first().waitFor();
        expect(await violations(t.page), path).toEqual([]);
      }
      await t.page.keyboard.press("Control+k");
      await t.page.getByTestId("command-palette").getByRole("option").first().waitFor();
      expect(await violations(t.page), "command palette").toEqual([]);
    });
  });
}
