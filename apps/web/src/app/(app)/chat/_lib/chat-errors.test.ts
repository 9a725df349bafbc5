import { describe, expect, it } from "vitest";
import { ApiError } from "../../../../lib/api/api-error";
import { sendFailureText, turnFailureText } from "./chat-errors";

describe("chat error texts", () => {
  it("explains turn failures by code", () => {
    expect(turnFailureText("server_restarted")).toMatch(/server writing this answer stopped/);
    expect(turnFailureText(undefined)).toMatch(/went wrong/);
    expect(turnFailureText("worker_lost")).toMatch(/kept stopping/);
    expect(turnFailureText("no_worker")).toMatch(/No server was free/);
  });

  it("explains send failures by code, not by the server's message", () => {
    expect(sendFailureText(new ApiError("message_too_long", "x", 413))).toMatch(/32,000/);
    expect(sendFailureText(new ApiError("rate_limited", "x", 429, 7))).toMatch(/7 s/);
    expect(sendFailureText(new TypeError("Failed to fetch"))).toMatch(/connection/);
  });

  it("says how many answers are in progress when too many run at once", () => {
    const refused = (details: Record<string, unknown>) =>
      sendFailureText(new ApiError("too_many_turns", "x", 429, null, details));
    expect(refused({ limit: 4 })).toBe("You have 4 answers in progress; wait for one to finish.");
    expect(refused({ limit: 1 })).toBe("You have 1 answer in progress; wait for one to finish.");
    expect(refused({})).toBe("You have too many answers in progress; wait for one to finish.");
  });
});
