"use client";

import { CaretRightIcon } from "@phosphor-icons/react";
import { filesHref } from "@/lib/files/files-href";
import { breadcrumbs } from "@/lib/files/paths";

/**
 * Files › reports › 2024: each crumb a real link (new tab works), the last one the current folder.
 * A plain click navigates in place through `onNavigate`.
 */
export function Breadcrumbs({ folder, onNavigate }: { folder: string; onNavigate(folder: string): void }) {
  const crumbs = breadcrumbs(folder);
  return (
    <nav aria-label="Folder" className="min-w-0">
      <ol className="flex min-w-0 flex-wrap items-center gap-1 text-sm">
        {crumbs.map((crumb, index) => {
          const current = index === crumbs.length - 1;
          return (
            <li key={crumb.folder} className="flex min-w-0 items-center gap-1">
              {index > 0 ? (
                <CaretRightIcon aria-hidden="true" className="size-3 text-muted-foreground" />
              ) : null}
              {current ? (
                <span aria-current="page" className="truncate font-semibold">
                  {crumb.label}
                </span>
              ) : (
                <a
                  href={filesHref({ folder: crumb.folder })}
                  onClick={(event) => {
                    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
                    event.preventDefault();
                    onNavigate(crumb.folder);
                  }}
                  className="truncate rounded-sm text-muted-foreground outline-none hover:text-foreground hover:underline focus-visible:ring-2 focus-visible:ring-ring"
                >
                  {crumb.label}
                </a>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
