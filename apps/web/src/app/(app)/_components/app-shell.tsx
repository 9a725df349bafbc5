import { Brand } from "@/components/brand";
import { KeyboardLayer } from "./keyboard/keyboard-layer";
import { MobileNav } from "./mobile-nav";
import { NavLinks } from "./nav-links";
import { UserMenu } from "./user-menu";

/**
 * The frame of every signed-in page: sidebar navigation (a drawer on small screens), a header with
 * the user menu, and a main region that fills the rest. The main region is a flex row with no
 * scrolling of its own, so a page can place panes side by side (chat: sessions + conversation),
 * each scrolling independently.
 */
export function AppShell({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex h-dvh overflow-hidden">
      <a
        href="#main"
        className="sr-only rounded-md bg-background px-3 py-2 font-medium text-sm focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:ring-2 focus:ring-ring"
      >
        Skip to content
      </a>
      <aside className="hidden w-60 shrink-0 flex-col gap-6 border-r bg-sidebar p-4 md:flex">
        <Brand className="px-1" />
        <NavLinks />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 shrink-0 items-center gap-2 border-b px-3 md:px-4">
          <MobileNav />
          <Brand className="md:hidden" />
          <div className="flex-1" />
          <UserMenu />
        </header>
        <main id="main" tabIndex={-1} className="flex min-h-0 flex-1 outline-none">
          {children}
        </main>
      </div>
      <KeyboardLayer />
    </div>
  );
}
