"use client";

import { ChatCircleIcon, KeyboardIcon, MoonIcon, PlusIcon } from "@phosphor-icons/react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { useRouter } from "next/navigation";
import { useDeferredValue, useEffect, useState } from "react";
import { Dialog, DialogContent, DialogTitle } from "@/components/ui/dialog";
import { chatSessionsQueryOptions, sessionSearchQueryOptions } from "@/lib/queries/chat";
import { themeChoices } from "@/lib/theme/theme";
import { useTheme } from "@/lib/theme/use-theme";
import { navItems } from "../nav-items";

const itemClass =
  "flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm outline-none data-[selected=true]:bg-accent data-[selected=true]:text-accent-foreground";
const groupClass =
  "px-1 py-1 [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-muted-foreground [&_[cmdk-group-heading]]:text-xs";

/**
 * ⌘/Ctrl+K: find a chat (recent ones at once; typing searches titles and messages on the server,
 * as the chat list's search does) or run an action. cmdk gives the keyboard model (arrows, Enter,
 * type-ahead); the chat results are filtered by the server, so cmdk's own filter is off.
 */
export function CommandPalette({
  open,
  onOpenChange,
  onShowShortcuts,
}: {
  open: boolean;
  onOpenChange(open: boolean): void;
  onShowShortcuts(): void;
}) {
  const router = useRouter();
  const [search, setSearch] = useState("");
  const q = useDeferredValue(search.trim());
  const recent = useInfiniteQuery({ ...chatSessionsQueryOptions(), enabled: open && q === "" });
  const found = useInfiniteQuery({ ...sessionSearchQueryOptions(q), enabled: open && q !== "" });
  const chats = (q === "" ? recent : found).data?.pages.flatMap((page) => page.items).slice(0, 8) ?? [];
  const [, setTheme] = useTheme();

  const actions = [
    { id: "new-chat", label: "New chat", icon: PlusIcon, run: () => router.push("/chat") },
    ...navItems.map((item) => ({
      id: `go-${item.href}`,
      label: `Go to ${item.label}`,
      icon: item.icon,
      run: () => router.push(item.href),
    })),
    ...themeChoices.map((choice) => ({
      id: `theme-${choice}`,
      label: `Theme: ${choice === "system" ? "System" : choice === "light" ? "Light" : "Dark"}`,
      icon: MoonIcon,
      run: () => setTheme(choice),
    })),
    { id: "shortcuts", label: "Keyboard shortcuts", icon: KeyboardIcon, run: onShowShortcuts },
  ].filter((action) => action.label.toLowerCase().includes(q.toLowerCase()));

  // The results change under cmdk (server search, filtered actions): keep the first one selected, as
  // cmdk does when it filters by itself, so Enter always runs what is shown on top.
  const first = chats[0] ? `chat-${chats[0].id}` : (actions[0]?.id ?? "");
  const [selected, setSelected] = useState(first);
  useEffect(() => setSelected(first), [first]);

  function run(action: () => void) {
    onOpenChange(false);
    setSearch("");
    action();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) setSearch("");
        onOpenChange(next);
      }}
    >
      <DialogContent
        showCloseButton={false}
        className="gap-0 overflow-hidden p-0"
        data-testid="command-palette"
      >
        <DialogTitle className="sr-only">Search chats and actions</DialogTitle>
        <Command
          shouldFilter={false}
          label="Search chats and actions"
          value={selected}
          onValueChange={setSelected}
        >
          <Command.Input
            value={search}
            onValueChange={setSearch}
            placeholder="Search chats or type a command…"
            className="w-full border-b bg-transparent px-4 py-3 text-base outline-none sm:text-sm"
          />
          <Command.List className="max-h-80 overflow-y-auto p-1">
            <Command.Empty className="px-3 py-6 text-center text-muted-foreground text-sm">
              {found.isFetching ? "Searching…" : "Nothing found."}
            </Command.Empty>
            {chats.length > 0 ? (
              <Command.Group heading={q === "" ? "Recent chats" : "Chats"} className={groupClass}>
                {chats.map((chat) => (
                  <Command.Item
                    key={chat.id}
                    value={`chat-${chat.id}`}
                    onSelect={() => run(() => router.push(`/chat/${chat.id}`))}
                    className={itemClass}
                  >
                    <ChatCircleIcon aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
                    <span className="truncate">{chat.title || "New chat"}</span>
                  </Command.Item>
                ))}
              </Command.Group>
            ) : null}
            {actions.length > 0 ? (
              <Command.Group heading="Actions" className={groupClass}>
                {actions.map(({ id, label, icon: ActionIcon, run: action }) => (
                  <Command.Item key={id} value={id} onSelect={() => run(action)} className={itemClass}>
                    <ActionIcon aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
                    {label}
                  </Command.Item>
                ))}
              </Command.Group>
            ) : null}
          </Command.List>
        </Command>
      </DialogContent>
    </Dialog>
  );
}
