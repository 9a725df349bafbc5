"use client";

import { CpuIcon, PlugIcon } from "@phosphor-icons/react";
import { Badge } from "@/components/ui/badge";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { describeModel } from "../_lib/model-label";

/**
 * Which model answers. The offline model is labelled as such, with a tooltip (reachable by
 * keyboard) that says how to configure a provider.
 */
export function ModelBadge({ model }: { model: string | null | undefined }) {
  const description = describeModel(model);
  if (!description) return null;
  const Icon = description.offline ? PlugIcon : CpuIcon;
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <Badge
          data-testid="model-badge"
          data-offline={description.offline ? "" : undefined}
          variant={description.offline ? "warning" : "secondary"}
          // Focusable, so keyboard and screen-reader users reach the explanation too.
          tabIndex={0}
          className="cursor-help outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <Icon aria-hidden="true" />
          {description.label}
        </Badge>
      </TooltipTrigger>
      <TooltipContent side="bottom" className="max-w-sm">
        {description.detail}
      </TooltipContent>
    </Tooltip>
  );
}
