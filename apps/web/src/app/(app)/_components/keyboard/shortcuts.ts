/** The app's keyboard shortcuts, for the sheet (`?`) and for the listener that opens overlays. */
export const SHORTCUTS: ReadonlyArray<{ keys: string[]; description: string }> = [
  { keys: ["Ctrl/⌘", "K"], description: "Search chats and actions" },
  { keys: ["?"], description: "Show these shortcuts" },
  { keys: ["Enter"], description: "Send the message (while an answer is written: queue it)" },
  { keys: ["Shift", "Enter"], description: "New line in the message" },
  { keys: ["Esc"], description: "Stop the answer being written, or close a dialog" },
];

export type ShortcutEvent = {
  key: string;
  metaKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  defaultPrevented: boolean;
  isComposing: boolean;
  /** The focused element, as much of it as matters here. */
  target: { tagName?: string; isContentEditable?: boolean } | null;
};

/** Typing in a field: a plain `?` there is text, not a shortcut. */
function isTyping(target: ShortcutEvent["target"]): boolean {
  return (
    target?.isContentEditable === true || ["INPUT", "TEXTAREA", "SELECT"].includes(target?.tagName ?? "")
  );
}

/** Which overlay a key press opens (pure): ⌘/Ctrl+K anywhere, `?` outside text fields. */
export function shortcutOf(event: ShortcutEvent): "palette" | "shortcuts" | null {
  if (event.defaultPrevented || event.isComposing || event.altKey) return null;
  if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === "k") return "palette";
  if (event.key === "?" && !event.metaKey && !event.ctrlKey && !isTyping(event.target)) return "shortcuts";
  return null;
}
