import { normalizeFolder, ROOT_FOLDER } from "./paths";

/** The /files URL of a view: `?folder=` only below the root, `?q=` only when searching. */
export function filesHref(view: { folder: string; q?: string }): string {
  const params = new URLSearchParams();
  const folder = normalizeFolder(view.folder);
  if (folder !== ROOT_FOLDER) params.set("folder", folder);
  const q = view.q?.trim();
  if (q) params.set("q", q);
  const query = params.toString();
  return query ? `/files?${query}` : "/files";
}
