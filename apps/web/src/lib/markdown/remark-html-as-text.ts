import type { Nodes, Parent, Root } from "mdast";

/**
 * Raw HTML in model output is shown as the text it is, never rendered (docs/design.md §8) and never
 * silently dropped: a model that writes `<br>` or `<script>` should be seen doing so. Block HTML
 * becomes a paragraph of text, inline HTML a text node.
 */
export function remarkHtmlAsText() {
  return (tree: Root) => {
    rewrite(tree);
  };
}

function rewrite(node: Parent) {
  node.children = node.children.map((child: Nodes) => {
    if (child.type === "html") {
      const text = { type: "text" as const, value: child.value, position: child.position };
      return node.type === "root" || node.type === "blockquote" || node.type === "listItem"
        ? { type: "paragraph" as const, children: [text], position: child.position }
        : text;
    }
    if ("children" in child) rewrite(child);
    return child;
  }) as Parent["children"];
}
