import { ModelBadge } from "./model-badge";
import { ReconnectingIndicator } from "./reconnecting-indicator";
import { SessionsDrawer } from "./sessions-drawer";

export function ConversationHeader({
  title,
  model,
  reconnecting,
}: {
  title: string;
  model: string | null | undefined;
  reconnecting: boolean;
}) {
  return (
    <div className="flex h-12 shrink-0 items-center gap-2 border-b px-4">
      <SessionsDrawer />
      <h1 className="min-w-0 flex-1 truncate font-medium text-sm" title={title}>
        {title || "New chat"}
      </h1>
      {reconnecting ? <ReconnectingIndicator /> : null}
      <ModelBadge model={model} />
    </div>
  );
}
