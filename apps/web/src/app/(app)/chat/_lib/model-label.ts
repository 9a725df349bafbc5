/**
 * What the model badge says. `metadata.model` is `offline` or `provider:name` (docs/api.md §6); before
 * the first answer only the provider is known (from /readyz).
 */
type ModelDescription = { label: string; offline: boolean; detail: string };

const CONFIGURE_PROVIDER_HINT =
  "To use a real model, set MODEL_PROVIDER (openai, anthropic or openai-compatible) and MODEL_API_KEY — plus MODEL_BASE_URL for an OpenAI-compatible server such as Ollama — then restart the server.";

export function describeModel(model: string | null | undefined): ModelDescription | null {
  if (!model) return null;
  if (model === "offline") {
    return {
      label: "Offline model",
      offline: true,
      detail: `A deterministic local stand-in answers: no provider is configured. ${CONFIGURE_PROVIDER_HINT}`,
    };
  }
  const separator = model.indexOf(":");
  const provider = separator === -1 ? model : model.slice(0, separator);
  const name = separator === -1 ? null : model.slice(separator + 1);
  return {
    label: name ?? provider,
    offline: false,
    detail: name
      ? `Answers come from ${name} through the ${provider} provider.`
      : `Answers come from the ${provider} provider.`,
  };
}
