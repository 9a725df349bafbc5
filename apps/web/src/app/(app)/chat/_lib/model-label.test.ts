import { describe, expect, it } from "vitest";
import { describeModel } from "./model-label";

describe("describeModel", () => {
  it("labels the offline model clearly and says how to configure a provider", () => {
    const offline = describeModel("offline");
    expect(offline).toMatchObject({ label: "Offline model", offline: true });
    expect(offline?.detail).toContain("MODEL_PROVIDER");
  });

  it("shows a provider's model name, or the provider alone", () => {
    expect(describeModel("openai:gpt-4o-mini")).toMatchObject({ label: "gpt-4o-mini", offline: false });
    expect(describeModel("openai-compatible:llama3.1:8b")).toMatchObject({ label: "llama3.1:8b" });
    expect(describeModel("anthropic")).toMatchObject({ label: "anthropic", offline: false });
    expect(describeModel(null)).toBeNull();
  });
});
