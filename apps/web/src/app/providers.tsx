"use client";

import { QueryCache, QueryClientProvider } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Toaster } from "@/components/ui/toaster";
import { TooltipProvider } from "@/components/ui/tooltip";
import { ApiError } from "@/lib/api/api-error";
import { makeQueryClient } from "@/lib/queries/query-client";

// Loaded only when asked for, so the devtools never weigh on a normal bundle.
const ReactQueryDevtools =
  process.env.NEXT_PUBLIC_REACT_QUERY_DEVTOOL === "true"
    ? dynamic(() => import("@tanstack/react-query-devtools").then((module) => module.ReactQueryDevtools), {
        ssr: false,
      })
    : null;

const SIGNED_OUT_PATHS = ["/login", "/signup"];

/** A query that answers 401 means the session ended (expired, logged out elsewhere): sign in again. */
function redirectWhenSignedOut(error: unknown) {
  if (!(error instanceof ApiError) || error.code !== "unauthorized") return;
  if (SIGNED_OUT_PATHS.includes(window.location.pathname)) return;
  window.location.assign("/login");
}

export function Providers({ children }: { children: React.ReactNode }) {
  // One client per browser tab, created on first render (never shared between server requests).
  const [queryClient] = useState(() => makeQueryClient(new QueryCache({ onError: redirectWhenSignedOut })));
  return (
    <QueryClientProvider client={queryClient}>
      <TooltipProvider>{children}</TooltipProvider>
      <Toaster position="bottom-right" />
      {ReactQueryDevtools ? <ReactQueryDevtools buttonPosition="bottom-left" /> : null}
    </QueryClientProvider>
  );
}
