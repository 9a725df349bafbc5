"use client";

import type { Agent, RunInputs } from "@copilot/protocol";
import { PlayIcon } from "@phosphor-icons/react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { isApiError } from "@/lib/api/client";
import { agentsKeys, startRunMutationOptions } from "@/lib/queries/agents";

/** The agent's inputs (prefilled with their defaults) and the Run button. */
export function RunForm({ agent }: { agent: Agent }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<RunInputs>(() =>
    Object.fromEntries(agent.inputs.map((field) => [field.name, field.default ?? ""])),
  );
  const start = useMutation({
    ...startRunMutationOptions(),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentsKeys.runs(agent.id) }),
    onError: (error) => toast.error(isApiError(error) ? error.message : "The run could not be started"),
  });
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        start.mutate({ id: agent.id, inputs: values });
      }}
    >
      {agent.inputs.map((field) => (
        <div key={field.name} className="flex flex-col gap-1">
          <Label htmlFor={`input-${field.name}`}>{field.name}</Label>
          <Input
            id={`input-${field.name}`}
            value={values[field.name] ?? ""}
            onChange={(event) => setValues((current) => ({ ...current, [field.name]: event.target.value }))}
          />
          {field.description ? <p className="text-muted-foreground text-xs">{field.description}</p> : null}
        </div>
      ))}
      <Button type="submit" data-testid="agent-run" disabled={start.isPending} className="w-fit">
        <PlayIcon aria-hidden="true" />
        Run
      </Button>
    </form>
  );
}
