import { ChatCircleIcon, FolderSimpleIcon, GearSixIcon, GraphIcon, type Icon } from "@phosphor-icons/react";

type NavItem = { href: string; label: string; icon: Icon };

/** The app's sections, in order. A section owns every path below its href. */
export const navItems: readonly NavItem[] = [
  { href: "/chat", label: "Chat", icon: ChatCircleIcon },
  { href: "/files", label: "Files", icon: FolderSimpleIcon },
  { href: "/agents", label: "Agents", icon: GraphIcon },
  { href: "/settings", label: "Settings", icon: GearSixIcon },
];

export function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
