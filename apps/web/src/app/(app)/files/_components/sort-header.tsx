"use client";

import { CaretDownIcon, CaretUpDownIcon, CaretUpIcon } from "@phosphor-icons/react";
import { TableHead } from "@/components/ui/table";
import { cn } from "@/lib/cn";
import type { SortKey, SortState } from "@/lib/files/sort";

/**
 * A column header that sorts: a real button inside the header cell (Tab, Enter, Space), with
 * `aria-sort` on the cell so screen readers announce the order with the column name.
 */
export function SortHeader({
  column,
  label,
  sort,
  onSort,
  className,
  align = "left",
}: {
  column: SortKey;
  label: string;
  sort: SortState;
  onSort(column: SortKey): void;
  className?: string;
  align?: "left" | "right";
}) {
  const active = sort.key === column;
  const Icon = !active ? CaretUpDownIcon : sort.direction === "asc" ? CaretUpIcon : CaretDownIcon;
  return (
    <TableHead
      aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}
      className={cn(align === "right" && "text-right", className)}
    >
      <button
        type="button"
        onClick={() => onSort(column)}
        className={cn(
          "-mx-1 inline-flex cursor-pointer items-center gap-1 rounded-sm px-1 py-0.5 outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring",
          active && "text-foreground",
          align === "right" && "flex-row-reverse",
        )}
      >
        {label}
        <Icon aria-hidden="true" className={cn("size-3.5", !active && "opacity-50")} />
      </button>
    </TableHead>
  );
}
