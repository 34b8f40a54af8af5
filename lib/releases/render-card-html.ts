// The card preview: its markdown as HTML, sanitised. The markdown already escapes user text, but
// the preview must be safe whatever markdown it is handed (a release from an older exporter, say),
// so rehype-sanitize's GitHub-like allow-list removes scripts, event handlers and raw HTML.
// Rendering takes ~150 ms of the one server thread for the Stable Beluga 2 card, and the same
// markdown always gives the same HTML, so the last few are remembered by their markdown: a changed
// card is a different key, so nothing needs invalidating.
import type { Element, ElementContent, Root, RootContent } from "hast";
import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import { remark } from "remark";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkRehype from "remark-rehype";
import { BIDI_CONTROL_SHOWN, bidiControlsMarked } from "../domain/bidi-controls";

const processor = remark()
  .use(remarkGfm)
  .use(remarkFrontmatter, ["yaml"])
  .use(remarkRehype, {
    handlers: {
      // The front matter is shown as the YAML block it is, not run into the first paragraph.
      yaml: (_state, node: { value: string }) => ({
        type: "element",
        tagName: "pre",
        properties: {},
        children: [{ type: "element", tagName: "code", properties: { className: ["language-yaml"] }, children: [{ type: "text", value: node.value }] }],
      }),
    },
  })
  .use(rehypeSanitize)
  .use(() => showBidiControls)
  .use(rehypeStringify);

/**
 * Each bidirectional control in the text becomes a visible mark naming it (`U+202E`), applied to
 * nothing: left as it is, an override in a field reorders the rest of its line or list item for
 * the reviewer reading the card, who should see that it is there instead.
 */
function showBidiControls(parent: Root | Element): void {
  const children: RootContent[] = parent.children;
  parent.children = children.flatMap((child): RootContent[] => {
    if (child.type === "element") showBidiControls(child);
    return child.type === "text" ? withControlsShown(child.value) : [child];
  }) as Element["children"];
}

function withControlsShown(value: string): ElementContent[] {
  return bidiControlsMarked(value).map((part) =>
    "control" in part
      ? { type: "element", tagName: "code", properties: { title: BIDI_CONTROL_SHOWN }, children: [{ type: "text", value: part.control }] }
      : { type: "text", value: part.text },
  );
}

const RENDERED_KEPT = 8;
const rendered = new Map<string, Promise<string>>();

export function renderCardHtml(markdown: string): Promise<string> {
  const known = rendered.get(markdown);
  if (known) return known;
  const html = processor.process(markdown).then(String);
  if (rendered.size >= RENDERED_KEPT) rendered.delete(rendered.keys().next().value!);
  rendered.set(markdown, html);
  html.catch(() => rendered.delete(markdown));
  return html;
}
