import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { normalizeFolder } from "@/lib/files/paths";
import { makeQueryClient } from "@/lib/queries/query-client";
import { FilesBrowser } from "./_components/files-browser";
import { prefetchFiles } from "./_lib/prefetch-files";

export const metadata: Metadata = { title: "Files" };

type SearchParams = Record<string, string | string[] | undefined>;

const firstOf = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The workspace browser. The folder and search live in the URL (`?folder=/docs/&q=report`), so a
 * reload or a shared link opens the same view; this server component fetches that view's first
 * page and the usage, and the client components below start from them without a round trip.
 */
export default async function FilesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const filter = { folder: normalizeFolder(firstOf(params.folder)), q: firstOf(params.q)?.trim() ?? "" };
  const queryClient = makeQueryClient();
  await prefetchFiles(queryClient, filter);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <FilesBrowser />
    </HydrationBoundary>
  );
}
