import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { queuedText, TurnNotice } from "./turn-notices";

// Only this module: the vitest runner has no `@/` alias, so the components around it are covered
// by their stories and the end-to-end tests (chat-worker-failover waits for turn-resumed-note).
describe("turn notices", () => {
  it("words the place in line", () => {
    expect(queuedText(0)).toBe("Waiting for a worker… (next)");
    expect(queuedText(3)).toBe("Waiting for a worker… (3 ahead of you)");
  });

  it("announces a queued turn politely while its answer is awaited, and not after", () => {
    const html = renderToStaticMarkup(<TurnNotice notice={{ kind: "queued", position: 1 }} streaming />);
    expect(html).toMatch(/data-testid="turn-queued-note" role="status" aria-live="polite"/);
    expect(html).toContain("Waiting for a worker… (1 ahead of you)");
    expect(
      renderToStaticMarkup(<TurnNotice notice={{ kind: "queued", position: 1 }} streaming={false} />),
    ).toBe("");
  });

  it("shows the resumed note while the answer streams and after it ends", () => {
    for (const streaming of [true, false]) {
      const html = renderToStaticMarkup(
        <TurnNotice notice={{ kind: "resumed", attempt: 2 }} streaming={streaming} />,
      );
      expect(html).toMatch(/data-testid="turn-resumed-note" role="status" aria-live="polite"/);
      expect(html).toContain("Resumed after the server writing this answer restarted");
    }
  });
});
