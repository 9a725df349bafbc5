import { Slot } from "radix-ui";
import type * as React from "react";
import { cn } from "@/lib/cn";
import { Label } from "./label";

export type FormFieldProps = {
  /** Given to the control; the label, description and error are wired to it. */
  id: string;
  label: React.ReactNode;
  description?: React.ReactNode;
  error?: string;
  className?: string;
  /** Exactly one control (Input, textarea, …); it receives id, aria-invalid and aria-describedby. */
  children: React.ReactElement;
};

/** A label, one control, optional help text and the control's error message. */
export function FormField({ id, label, description, error, className, children }: FormFieldProps) {
  const descriptionId = `${id}-description`;
  const errorId = `${id}-error`;
  const describedBy = [description ? descriptionId : null, error ? errorId : null].filter(Boolean).join(" ");
  return (
    <div data-slot="form-field" className={cn("grid gap-2", className)}>
      <Label htmlFor={id} className={cn(error && "text-destructive")}>
        {label}
      </Label>
      <Slot.Root id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy || undefined}>
        {children}
      </Slot.Root>
      {description ? (
        <p id={descriptionId} className="text-muted-foreground text-xs">
          {description}
        </p>
      ) : null}
      {/* Always mounted: a live region only announces changes made after it is in the document. */}
      <p id={errorId} aria-live="polite" className="text-destructive text-xs empty:hidden">
        {error}
      </p>
    </div>
  );
}
