"use client";

import { ListIcon } from "@phosphor-icons/react";
import { Brand } from "@/components/brand";
import { Button } from "@/components/ui/button";
import { SideDrawer } from "@/components/ui/side-drawer";
import { NavLinks } from "./nav-links";

/** Below the md breakpoint the sidebar becomes a drawer opened from the menu button. */
export function MobileNav() {
  return (
    <SideDrawer
      className="gap-6 p-4"
      closeLabel="Close navigation"
      trigger={
        <Button variant="ghost" size="icon" className="md:hidden" aria-label="Open navigation">
          <ListIcon aria-hidden="true" className="size-5" />
        </Button>
      }
      title={
        <span>
          <Brand />
          <span className="sr-only"> navigation</span>
        </span>
      }
    >
      {(close) => <NavLinks onNavigate={close} />}
    </SideDrawer>
  );
}
