import type { ChatModel } from "@copilot/protocol";

const PROVIDERS: Record<ChatModel["provider"], string> = {
  offline: "Offline (built in, deterministic; no data leaves the server)",
  openai: "OpenAI",
  anthropic: "Anthropic",
  "openai-compatible": "OpenAI-compatible server",
};

/** The model the server answers with; the operator chooses it (docs/configuration.md), not the user. */
export function ModelSection({ model }: { model: ChatModel }) {
  return (
    <section aria-labelledby="model-heading" className="flex flex-col gap-3 rounded-lg border p-4">
      <h2 id="model-heading" className="font-medium">
        Model
      </h2>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm" data-testid="settings-model">
        <dt className="text-muted-foreground">Provider</dt>
        <dd>{PROVIDERS[model.provider]}</dd>
        <dt className="text-muted-foreground">Model</dt>
        <dd className="font-mono">{model.name}</dd>
      </dl>
      <p className="text-muted-foreground text-sm">Set by whoever runs this server.</p>
    </section>
  );
}
