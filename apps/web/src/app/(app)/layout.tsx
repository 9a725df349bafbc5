import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/api/server";
import { meQueryOptions } from "@/lib/queries/auth";
import { makeQueryClient } from "@/lib/queries/query-client";
import { AppShell } from "./_components/app-shell";

/**
 * Every signed-in route. The user is loaded here, on the server, with the browser's cookie: a
 * signed-out visitor is redirected before any page renders, and the client components below read
 * the same user from the query cache instead of fetching it again.
 */
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect("/login");

  const queryClient = makeQueryClient();
  queryClient.setQueryData(meQueryOptions().queryKey, user);

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <AppShell>{children}</AppShell>
    </HydrationBoundary>
  );
}
