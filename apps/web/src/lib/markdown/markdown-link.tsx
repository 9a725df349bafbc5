import { EXTERNAL_LINK_REL, linkTarget } from "./url-policy";

const linkClass = "font-medium text-primary underline underline-offset-4 hover:no-underline";

/**
 * A link from model-authored markdown, classified by the URL policy: external links open in a new
 * tab without opener or referrer, workspace references download, unsafe ones are plain text.
 */
export function MarkdownLink({ href, children }: { href: string | undefined; children: React.ReactNode }) {
  const target = linkTarget(href ?? "");
  switch (target.kind) {
    case "external":
      return (
        <a href={target.href} target="_blank" rel={EXTERNAL_LINK_REL} className={linkClass}>
          {children}
        </a>
      );
    case "internal":
      return (
        <a href={target.href} download={target.download ? "" : undefined} className={linkClass}>
          {children}
        </a>
      );
    case "blocked":
      return (
        <span data-blocked-link="" title="Link removed: its address is not safe to open">
          {children}
        </span>
      );
  }
}
