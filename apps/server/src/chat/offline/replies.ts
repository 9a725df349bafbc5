/** The offline model's fixed texts, kept together so the wording is reviewed in one place. */

export const helpText = [
  "I'm the **offline model**: a deterministic stand-in that runs locally with no network, so the platform works before a provider is configured.",
  "To use a real model, set `MODEL_PROVIDER` (`openai`, `anthropic` or `openai-compatible`), `MODEL_API_KEY` and, for an OpenAI-compatible server, `MODEL_BASE_URL`, then restart the server.",
  'Meanwhile I understand: `list my files`, `read <path>`, `save "<text>" to <path>`, `delete <path>`, `chart 1,2,3 titled <title>`, `qr <text>`, `what time is it`, `generate an agent that <goal>`, `/echo <text>`, and anything containing the word "long".',
].join("\n\n");

export function agentUnavailableText(goal: string, offered = false): string {
  if (offered)
    return "Tell me what the agent should do: `generate an agent that <goal>`, for example `generate an agent that makes a bar chart of 3,1,4 and saves it`.";
  const wanted = goal === "" ? "" : ` (you asked for an agent that ${goal})`;
  return `Agent generation is not available in this chat${wanted}: it needs a chat session.`;
}

export function toolUnavailableText(toolName: string): string {
  return `I would call the \`${toolName}\` tool for that, but it is not available in this conversation.`;
}

export const emptyEchoText = "Nothing to echo: write `/echo` followed by the text to repeat.";

/** A message with files and no words: say what arrived and how to use it. */
export function attachedText(files: ReadonlyArray<{ name: string; path: string }>): string {
  const list = files.map((file) => `- **${file.name}** (saved at \`${file.path}\`)`).join("\n");
  const first = files[0]?.name ?? "<name>";
  return `I received ${files.length === 1 ? "your file" : `${files.length} files`}:\n\n${list}\n\nAsk me to \`read ${first}\` to see what is inside.`;
}
