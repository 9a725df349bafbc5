"use client";

import { type Credentials, credentialsSchema, PASSWORD_MIN } from "@copilot/protocol";
import { zodResolver } from "@hookform/resolvers/zod";
import { CircleNotchIcon } from "@phosphor-icons/react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { loginMutationOptions, meQueryOptions, signupMutationOptions } from "@/lib/queries/auth";
import { type AuthMode, authFailure, credentialsIssueMessage } from "../_lib/auth-error-message";

const resolver = zodResolver(credentialsSchema, { error: credentialsIssueMessage });

/** Email + password form shared by /login and /signup; on success the user lands in the chat. */
export function CredentialsForm({ mode }: { mode: AuthMode }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Credentials>({ resolver, defaultValues: { email: "", password: "" } });
  const { errors } = form.formState;

  const mutation = useMutation({
    ...(mode === "login" ? loginMutationOptions() : signupMutationOptions()),
    onSuccess: (user) => {
      queryClient.setQueryData(meQueryOptions().queryKey, user);
      router.replace("/chat");
    },
    onError: (error) => {
      const failure = authFailure(error, mode);
      if (failure.field) form.setError(failure.field, { message: failure.message }, { shouldFocus: true });
      else setFormError(failure.message);
    },
  });
  // Stay busy after success too: the navigation to /chat is still under way.
  const busy = mutation.isPending || mutation.isSuccess;
  const formErrorId = `${mode}-form-error`;

  return (
    <form
      noValidate
      aria-describedby={formError ? formErrorId : undefined}
      className="grid gap-4"
      onSubmit={form.handleSubmit((values) => {
        setFormError(null);
        mutation.mutate(values);
      })}
    >
      {/* Always mounted so screen readers announce a message the moment it appears. */}
      <div
        id={formErrorId}
        role="alert"
        className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-destructive text-sm empty:hidden"
      >
        {formError}
      </div>
      <FormField id={`${mode}-email`} label="Email" error={errors.email?.message}>
        <Input
          type="email"
          autoComplete="email"
          inputMode="email"
          spellCheck={false}
          {...form.register("email")}
        />
      </FormField>
      <FormField
        id={`${mode}-password`}
        label="Password"
        description={mode === "signup" ? `At least ${PASSWORD_MIN} characters.` : undefined}
        error={errors.password?.message}
      >
        <Input
          type="password"
          autoComplete={mode === "signup" ? "new-password" : "current-password"}
          {...form.register("password")}
        />
      </FormField>
      <Button type="submit" disabled={busy} aria-busy={busy} className="w-full">
        {busy ? <CircleNotchIcon aria-hidden="true" className="animate-spin" /> : null}
        {mode === "login" ? "Log in" : "Create account"}
      </Button>
    </form>
  );
}
