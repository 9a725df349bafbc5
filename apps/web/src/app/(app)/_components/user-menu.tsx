"use client";

import { CaretDownIcon, SignOutIcon } from "@phosphor-icons/react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { logoutMutationOptions, meQueryOptions } from "@/lib/queries/auth";
import { NotificationsItem } from "./notifications-item";

/** The signed-in user's email and the way out. The user comes from the cache the layout seeded. */
export function UserMenu() {
  const { data: user } = useQuery(meQueryOptions());
  const logout = useMutation({
    ...logoutMutationOptions(),
    // A full page load, not a client navigation: it drops every cached query, router segment and
    // open stream that belonged to the signed-in user.
    onSuccess: () => window.location.replace("/login"),
    onError: () => toast.error("Could not log out. Check your connection and try again."),
  });

  if (!user) return null;
  const initial = user.email.charAt(0).toUpperCase();

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          className="max-w-64 gap-2 px-2"
          aria-label={`Account menu, signed in as ${user.email}`}
        >
          <span
            aria-hidden="true"
            className="grid size-7 shrink-0 place-items-center rounded-full bg-primary/15 font-semibold text-primary text-xs"
          >
            {initial}
          </span>
          <span className="hidden truncate sm:inline" data-testid="user-email">
            {user.email}
          </span>
          <CaretDownIcon aria-hidden="true" className="size-4 text-muted-foreground" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-64">
        <DropdownMenuLabel className="font-normal">
          <span className="block text-muted-foreground text-xs">Signed in as</span>
          <span className="block truncate font-medium" title={user.email}>
            {user.email}
          </span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <NotificationsItem />
        <DropdownMenuItem
          disabled={logout.isPending || logout.isSuccess}
          // Keep the menu open while the request runs, so a failure is shown where the user looks.
          onSelect={(event) => {
            event.preventDefault();
            logout.mutate();
          }}
        >
          <SignOutIcon aria-hidden="true" />
          Log out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
