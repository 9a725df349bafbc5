/** The offline model's fixed texts, kept together so the wording is reviewed in one place. */

export const helpText = [
  "I'm the **offline model**: a deterministic stand-in that runs locally with no network, so the platform works before a provider is configured.",
  "To use a real model, set `MODEL_PROVIDER` (`openai`, `anthropic` or `openai-compatible`), `MODEL_API_KEY` and, for an OpenAI-compatible server, `MODEL_BASE_URL`, then restart the server.",
  'Meanwhile I understand: `list my files`, `read <path>`, `save "<text>" to <path>`, `delete <path>`, `chart 1,2,3 titled <title>`, `qr <text>`, `what time is it`, `/echo <text>`, and anything containing the word "long".',
].join("\n\n");

export function agentUnavailableText(goal: string): string {
  const wanted = goal === "" ? "" : ` (you asked for an agent that ${goal})`;
  return `Agent generation is not available in this build yet${wanted}. Once the agent generator ships, this command will start it as a long-running operation.`;
}

export function toolUnavailableText(toolName: string): string {
  return `I would call the \`${toolName}\` tool for that, but it is not available in this conversation.`;
}

export const emptyEchoText = "Nothing to echo: write `/echo` followed by the text to repeat.";
