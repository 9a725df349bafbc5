"use client";

import { Button } from "@/components/ui/button";

/** Shown when a server component throws, e.g. the API is unreachable while loading the user. */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  // Errors from server components carry only a digest in production (details stay in server logs).
  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <main className="grid min-h-full place-items-center p-6">
      <div role="alert" className="flex max-w-sm flex-col items-center gap-4 text-center">
        <h1 className="font-semibold text-2xl">Something went wrong</h1>
        <p className="text-muted-foreground text-sm">
          The page could not be loaded. Try again; if it keeps failing, check that the server is running.
        </p>
        {digest ? <p className="font-mono text-muted-foreground text-xs">Reference: {digest}</p> : null}
        <Button onClick={retry}>Try again</Button>
      </div>
    </main>
  );
}
