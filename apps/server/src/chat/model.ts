import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import type { ModelConfig } from "../config";
import { createOfflineModel } from "./offline-model";

/** The configured provider's model, or the deterministic offline model (docs/api.md §6). */
export function createLanguageModel(config: ModelConfig): LanguageModel {
  switch (config.provider) {
    case "offline":
      return createOfflineModel({ delayMs: config.delayMs });
    case "openai":
      return createOpenAI({ apiKey: config.apiKey, baseURL: config.baseUrl })(config.name);
    case "anthropic":
      return createAnthropic({ apiKey: config.apiKey, baseURL: config.baseUrl })(config.name);
    case "openai-compatible":
      return createOpenAICompatible({
        name: "openai-compatible",
        baseURL: config.baseUrl ?? "",
        apiKey: config.apiKey,
      }).chatModel(config.name);
  }
}

/** What `metadata.model` says about a message: `offline`, or `provider:name`. */
export function modelLabel(config: ModelConfig): string {
  return config.provider === "offline" ? "offline" : `${config.provider}:${config.name}`;
}
