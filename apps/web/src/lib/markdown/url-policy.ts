import { parseWorkspaceReference } from "@copilot/protocol";

/**
 * What model-authored markdown may point at (docs/design.md §8). Markdown comes from the model, and the
 * model reads whatever a user, a file or a web page put in front of it, so every URL is hostile
 * until classified here. Links: http(s) and mailto open in a new tab; same-origin paths and
 * fragments stay; `workspace://` references become their download route; everything else
 * (`javascript:`, `data:`, `vbscript:`, protocol-relative `//host`, other schemes, anything with
 * control characters) is plain text. Images: only `workspace://` references (through the image
 * route) and same-origin paths are fetched; any other image becomes a link, so no third party ever
 * learns that a message was displayed.
 */
type LinkTarget =
  | { kind: "external"; href: string }
  | { kind: "internal"; href: string; download?: boolean }
  | { kind: "blocked" };

type ImageSource =
  | { kind: "workspace"; src: string; fileId: string; downloadHref: string }
  | { kind: "same-origin"; src: string }
  | { kind: "link"; link: LinkTarget };

const EXTERNAL_SCHEMES = new Set(["http:", "https:", "mailto:"]);

/**
 * The URL the browser would see: the URL Standard strips leading and trailing C0 controls and
 * spaces and removes tabs and newlines anywhere, so `java\tscript:` must be judged as `javascript:`.
 */
function normalize(url: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  return url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "").replace(/[\t\n\r]/g, "");
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const hasControl = (url: string) => /[\u0000-\u001f\u007f]/.test(url);
// `\\host` and `/\host` are protocol-relative too: browsers read backslashes as slashes in http(s).
const isProtocolRelative = (url: string) => /^[\\/]{2}/.test(url);
const schemeOf = (url: string) => /^([a-z][a-z\d+.-]*):/i.exec(url)?.[1]?.toLowerCase() ?? null;

export const workspaceImageRoute = (fileId: string) => `/api/workspace/files/${fileId}/image`;
export const workspaceDownloadRoute = (fileId: string) => `/api/workspace/files/${fileId}/download`;

export function linkTarget(raw: string): LinkTarget {
  const url = normalize(raw);
  if (url === "" || hasControl(url) || isProtocolRelative(url)) return { kind: "blocked" };
  const scheme = schemeOf(url);
  if (scheme === "workspace") {
    const reference = parseWorkspaceReference(url);
    return reference
      ? { kind: "internal", href: workspaceDownloadRoute(reference.fileId), download: true }
      : { kind: "blocked" };
  }
  if (scheme !== null) {
    if (!EXTERNAL_SCHEMES.has(`${scheme}:`)) return { kind: "blocked" };
    try {
      return { kind: "external", href: new URL(url).href };
    } catch {
      return { kind: "blocked" };
    }
  }
  // No scheme: a path, query or fragment of this origin.
  return { kind: "internal", href: url };
}

export function imageSource(raw: string): ImageSource {
  const url = normalize(raw);
  const reference = schemeOf(url) === "workspace" ? parseWorkspaceReference(url) : null;
  if (reference && (reference.mimeType === null || reference.mimeType.toLowerCase().startsWith("image/"))) {
    return {
      kind: "workspace",
      src: workspaceImageRoute(reference.fileId),
      fileId: reference.fileId,
      downloadHref: workspaceDownloadRoute(reference.fileId),
    };
  }
  if (url.startsWith("/") && !isProtocolRelative(url) && !hasControl(url))
    return { kind: "same-origin", src: url };
  return { kind: "link", link: linkTarget(raw) };
}

/** `rel` of every external link: no window.opener, no Referer, and no ranking endorsement. */
export const EXTERNAL_LINK_REL = "noopener noreferrer nofollow";
