// The card preview: its markdown as HTML, sanitised. The markdown already escapes user text, but
// the preview must be safe whatever markdown it is handed (a release from an older exporter, say),
// so rehype-sanitize's GitHub-like allow-list removes scripts, event handlers and raw HTML.
import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import { remark } from "remark";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkRehype from "remark-rehype";

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
  .use(rehypeStringify);

export async function renderCardHtml(markdown: string): Promise<string> {
  return String(await processor.process(markdown));
}
