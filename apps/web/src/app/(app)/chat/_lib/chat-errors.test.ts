import { describe, expect, it } from "vitest";
import { ApiError } from "../../../../lib/api/api-error";
import { sendFailureText, turnFailureText } from "./chat-errors";

describe("chat error texts", () => {
  it("explains turn failures by code", () => {
    expect(turnFailureText("server_restarted")).toMatch(/server writing this answer stopped/);
    expect(turnFailureText(undefined)).toMatch(/went wrong/);
  });

  it("explains send failures by code, not by the server's message", () => {
    expect(sendFailureText(new ApiError("message_too_long", "x", 413))).toMatch(/32,000/);
    expect(sendFailureText(new ApiError("rate_limited", "x", 429, 7))).toMatch(/7 s/);
    expect(sendFailureText(new TypeError("Failed to fetch"))).toMatch(/connection/);
  });
});
