import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import { failOnCspViolations } from "./csp-watch";
import { logIn, savedSession, sendInChat, signUp, toolOutput } from "./files-support";
import { launchBrowser, type RunningApp, startApp } from "./harness";

/**
 * A file the assistant saves in one chat is readable by absolute path from another chat, and both
 * the file and the account outlive a restart of the server on the same DATA_DIR (and, in redis
 * mode, the same key prefix).
 */
describe.skipIf(inject("e2eSkipReason") !== "")(
  "files: saved in one chat, read from another, kept across a restart",
  () => {
    let dataDir: string;
    let env: Record<string, string>;
    let app: RunningApp | undefined;
    let browser: Browser;
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), "copilot-e2e-restart-"));
      env = process.env.E2E_MODE === "redis" ? { REDIS_KEY_PREFIX: `copilot-e2e:${randomUUID()}:` } : {};
      browser = await launchBrowser();
    });

    // After each attempt, not only at the end: a retry must find the folder's lock released.
    afterEach(async () => {
      await app?.stop();
      app = undefined;
    });

    afterAll(async () => {
      await browser?.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    async function openPage(running: RunningApp): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext({ baseURL: running.baseUrl });
      contexts.push(context);
      await failOnCspViolations(context);
      const page = await context.newPage();
      onTestFailed(() => {
        console.error(
          `--- server output (${running.baseUrl}) ---\n${running.logs()}\n--- page: ${page.url()}`,
        );
      });
      return { context, page };
    }

    async function expectReadable(context: BrowserContext, page: Page, filePath: string, text: string) {
      await page.goto("/chat");
      const sessionId = await sendInChat(page, `read ${filePath}`);
      const saved = await savedSession(context, sessionId);
      expect(toolOutput(saved, "read_workspace_file")).toMatchObject({
        file: { path: filePath },
        content: text,
      });
      // The answer quotes the file, on the page as well.
      await page.locator('[data-role="assistant"]').getByText(text).first().waitFor();
      return sessionId;
    }

    it("reads the file by absolute path from a new session, before and after a restart", async () => {
      const text = `remember ${randomUUID()}`;
      const filePath = `/notes/e2e-${randomUUID().slice(0, 8)}.txt`;

      app = await startApp({ dataDir, env });
      const first = await openPage(app);
      const email = await signUp(first.page);

      const savingSession = await sendInChat(first.page, `save "${text}" to ${filePath}`);
      const saving = await savedSession(first.context, savingSession);
      expect(toolOutput(saving, "write_workspace_file")).toMatchObject({
        file: { path: filePath },
        created: true,
      });

      const readingSession = await expectReadable(first.context, first.page, filePath, text);
      expect(readingSession).not.toBe(savingSession);

      // Restart: same data, new process (and port); the browser signs in again.
      await first.context.close();
      await app.stop();
      app = await startApp({ dataDir, env });
      const second = await openPage(app);
      await logIn(second.page, email);

      await second.page.goto("/files");
      await second.page.getByRole("link", { name: "notes, folder" }).click();
      await second.page.getByRole("heading", { level: 1, name: "notes" }).waitFor();
      const row = second.page.locator('tr[data-kind="file"]', { hasText: path.posix.basename(filePath) });
      await row.waitFor();

      await expectReadable(second.context, second.page, filePath, text);
    });
  },
);
