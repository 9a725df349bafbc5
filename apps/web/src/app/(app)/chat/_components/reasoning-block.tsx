"use client";

import { BrainIcon, CaretRightIcon } from "@phosphor-icons/react";
import { Collapsible } from "radix-ui";

/** The model's reasoning, collapsed by default: it is context, not the answer. */
export function ReasoningBlock({ text, streaming }: { text: string; streaming: boolean }) {
  return (
    <Collapsible.Root data-slot="reasoning" className="my-2 rounded-md border bg-muted/30 text-sm">
      <Collapsible.Trigger className="group flex w-full cursor-pointer items-center gap-2 rounded-md px-3 py-1.5 text-left text-muted-foreground outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring">
        <CaretRightIcon
          aria-hidden="true"
          className="size-3.5 transition-transform group-data-[state=open]:rotate-90"
        />
        <BrainIcon aria-hidden="true" className="size-4" />
        {streaming ? "Thinking…" : "Reasoning"}
      </Collapsible.Trigger>
      <Collapsible.Content className="whitespace-pre-wrap border-t px-3 py-2 text-muted-foreground">
        {text}
      </Collapsible.Content>
    </Collapsible.Root>
  );
}
