/**
 * Mermaid's SVG, made safe to insert into the page. Mermaid runs with `securityLevel: "strict"`,
 * but its input is model-written and the output lands in our DOM, so it is checked again here with
 * an allow-nothing-dangerous pass of our own: parsed in an inert <template> (no script runs, no
 * image loads while parsing), then stripped of every element that can run code or embed HTML
 * (`script`, `foreignObject`, `iframe`…), every `on*` handler, every link or reference that leaves
 * the document (`javascript:`, `data:`, other hosts: only `#fragment` references stay), and any
 * stylesheet rule that could fetch (`@import`, `url()` to anything but a fragment).
 * Returns null when the text holds no <svg>.
 */
export function sanitizeSvg(markup: string, document: Document = globalThis.document): SVGSVGElement | null {
  const template = document.createElement("template");
  template.innerHTML = markup;
  const svg = template.content.querySelector("svg");
  if (!svg) return null;
  for (const element of [svg, ...svg.querySelectorAll("*")]) {
    if (FORBIDDEN.has(element.localName.toLowerCase())) {
      element.remove();
      continue;
    }
    for (const attribute of [...element.attributes]) {
      // The qualified name: the HTML parser keeps `xml:base` as one name but splits `xlink:href`.
      if (!attributeIsSafe(attribute.name.toLowerCase(), attribute.value)) {
        element.removeAttributeNode(attribute);
      }
    }
    if (element.localName === "style" && !cssIsSafe(element.textContent ?? "")) element.remove();
  }
  return svg;
}

const FORBIDDEN = new Set([
  "script",
  "foreignobject",
  "iframe",
  "object",
  "embed",
  "image",
  "img",
  "video",
  "audio",
  "animate",
  "animatemotion",
  "animatetransform",
  "set",
  "handler",
  "listener",
  "link",
  "meta",
  "base",
  "form",
  "input",
  "button",
  "textarea",
]);

const REFERENCE_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "xlink:href"]);

function attributeIsSafe(name: string, value: string): boolean {
  if (name.startsWith("on")) return false;
  // `xml:base` would resolve even a `#fragment` reference against another host.
  if (name === "xml:base" || name === "base") return false;
  // Only in-document references (`#id`).
  if (REFERENCE_ATTRIBUTES.has(name)) return /^\s*#/.test(value);
  if (name === "style") return cssIsSafe(value);
  // Presentation attributes such as `fill="url(…)"` may point at a fragment, nowhere else.
  return !/url\s*\(/i.test(value) || onlyFragmentUrls(value);
}

function cssIsSafe(css: string): boolean {
  if (/@import|expression\s*\(|javascript:|behavior\s*:|-moz-binding/i.test(css)) return false;
  return onlyFragmentUrls(css);
}

/** Every `url(…)` in the text points at `#something` in this document. */
function onlyFragmentUrls(text: string): boolean {
  // Escapes could hide a `url(`; mermaid never writes them, so any backslash is refused.
  if (text.includes("\\")) return false;
  for (const match of text.matchAll(/url\s*\(\s*(['"]?)([^'")]*)\1\s*\)/gi)) {
    if (!(match[2] ?? "").trim().startsWith("#")) return false;
  }
  return !/url\s*\((?!\s*['"]?\s*#)/i.test(text);
}
