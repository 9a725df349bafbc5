"use client";

import { DesktopIcon, type Icon, MoonIcon, SunIcon } from "@phosphor-icons/react";
import { cn } from "@/lib/cn";
import type { ThemeChoice } from "@/lib/theme/theme";
import { useTheme } from "@/lib/theme/use-theme";

const OPTIONS: ReadonlyArray<{ value: ThemeChoice; label: string; icon: Icon }> = [
  { value: "system", label: "System", icon: DesktopIcon },
  { value: "light", label: "Light", icon: SunIcon },
  { value: "dark", label: "Dark", icon: MoonIcon },
];

/** Theme: native radio buttons (keyboard and screen readers for free) drawn as a segmented control. */
export function AppearanceSection() {
  const [theme, setTheme] = useTheme();
  return (
    <section aria-labelledby="appearance-heading" className="flex flex-col gap-3 rounded-lg border p-4">
      <h2 id="appearance-heading" className="font-medium">
        Appearance
      </h2>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-muted-foreground text-sm">
          Theme (kept in this browser; System follows your device)
        </legend>
        <div className="flex flex-wrap gap-2" data-testid="theme-options">
          {OPTIONS.map(({ value, label, icon: OptionIcon }) => (
            <label
              key={value}
              className={cn(
                "flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring",
                theme === value ? "border-primary bg-primary/10" : "hover:bg-accent",
              )}
            >
              <input
                type="radio"
                name="theme"
                value={value}
                checked={theme === value}
                onChange={() => setTheme(value)}
                className="sr-only"
                data-testid={`theme-${value}`}
              />
              <OptionIcon aria-hidden="true" className="size-4" />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
    </section>
  );
}
