import { SparkleIcon } from "@phosphor-icons/react/dist/ssr";
import { cn } from "@/lib/cn";

/** The product mark and name; used by the sign-in pages and the app shell. */
export function Brand({ className }: { className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold text-base tracking-tight", className)}>
      <span className="grid size-7 place-items-center rounded-md bg-primary text-primary-foreground">
        <SparkleIcon weight="fill" aria-hidden="true" className="size-4" />
      </span>
      CoPilot
    </span>
  );
}
