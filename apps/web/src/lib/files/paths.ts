/**
 * Folders in the workspace are not stored anywhere: a file's path (`/reports/2024/q1.pdf`) is the
 * only truth, and a folder is a path prefix that ends in `/`. These helpers keep that convention in
 * one place so the URL, the list query and the breadcrumbs always agree.
 */

export const ROOT_FOLDER = "/";

/**
 * A folder from untrusted input (the URL's `?folder=`): absolute, `/`-separated, ending in `/`,
 * with empty and dot segments dropped. It only narrows the user's own listing, so it is tidied,
 * not rejected; the server canonicalises paths on its side anyway.
 */
export function normalizeFolder(input: string | null | undefined): string {
  if (!input) return ROOT_FOLDER;
  const segments = input
    .normalize("NFC")
    .split("/")
    .filter((segment) => segment !== "" && segment !== "." && segment !== "..");
  return segments.length === 0 ? ROOT_FOLDER : `/${segments.join("/")}/`;
}

/** The folder a file lives in: `/a/b/c.txt` → `/a/b/`. */
export function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/") + 1) || ROOT_FOLDER;
}

/** The last segment of a path or folder: `/a/b/c.txt` → `c.txt`, `/a/b/` → `b`, `/` → ``. */
export function baseName(path: string): string {
  const trimmed = path.endsWith("/") ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/** Where an uploaded file lands: its name inside the current folder. */
export function joinPath(folder: string, name: string): string {
  return `${normalizeFolder(folder)}${name}`;
}

type Crumb = { label: string; folder: string };

/**
 * The trail from the root to `folder`: `/a/b/` → Files (`/`), a (`/a/`), b (`/a/b/`). The last
 * crumb is the current folder.
 */
export function breadcrumbs(folder: string, rootLabel = "Files"): Crumb[] {
  const crumbs: Crumb[] = [{ label: rootLabel, folder: ROOT_FOLDER }];
  let current = ROOT_FOLDER;
  for (const segment of normalizeFolder(folder).split("/").filter(Boolean)) {
    current = `${current}${segment}/`;
    crumbs.push({ label: segment, folder: current });
  }
  return crumbs;
}

/** The folder one level up, or null at the root. */
export function parentFolder(folder: string): string | null {
  const normalized = normalizeFolder(folder);
  if (normalized === ROOT_FOLDER) return null;
  return folderOf(normalized.slice(0, -1));
}
