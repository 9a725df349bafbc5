// Type-only: erased at build, so the client entry of the icon package is not pulled in here.
import type { Icon } from "@phosphor-icons/react";

/** An empty state that says what a section will hold; replaced when the feature lands. */
export function Placeholder({
  icon: IconComponent,
  title,
  children,
}: {
  icon: Icon;
  title: string;
  children: React.ReactNode;
}) {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-3 text-center">
      <span className="grid size-12 place-items-center rounded-full bg-muted text-muted-foreground">
        <IconComponent aria-hidden="true" className="size-6" />
      </span>
      <h1 className="font-semibold text-xl">{title}</h1>
      <div className="flex flex-col gap-2 text-muted-foreground text-sm">{children}</div>
    </div>
  );
}
