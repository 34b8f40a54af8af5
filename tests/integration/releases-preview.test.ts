import { describe, expect, test } from "vitest";
import { liveCardFile } from "../../lib/releases/card-export";
import { renderCardHtml } from "../../lib/releases/render-card-html";
import { markApplicable, reviewer, seededDatabase, slug } from "./releases-setup";
import { updateCell } from "../../lib/cells/update-cell";

describe("the card preview", () => {
  test("shows a rationale holding HTML as text, and no script or event handler reaches the page", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R7", "U2", { likelihood: 2, severity: 4 });
    const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: "R7" }, use: { code: "U2" } } });
    const hostile = 'Ads | pipes <script>alert("x")</script> <img src=x onerror="alert(1)">';
    const edit = await updateCell(db, reviewer, {
      ref: { modelSlug: slug, risk: "R7", use: "U2" },
      expectedVersion: cell.version,
      changes: { rationale: hostile },
    });
    expect(edit.ok).toBe(true);

    const html = await renderCardHtml((await liveCardFile(db, slug, "md"))!.body);

    expect(html).not.toMatch(/<script|<img|<[^>]*\son\w+=/i);
    expect(html).toContain("&#x3C;script>");
    expect(html).toContain("&#x3C;img src=x onerror=");
    expect(html).toContain("<h1>Stable Beluga 2</h1>");
  });

  test("shows a cell edit on the very next preview, though the preview before it was remembered", async () => {
    const db = await seededDatabase();
    await markApplicable(db, "R3", "U1", { likelihood: 2, severity: 3 });
    const preview = async () => renderCardHtml((await liveCardFile(db, slug, "md"))!.body);
    const before = await preview();
    expect(await preview()).toBe(before);
    const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: "R3" }, use: { code: "U1" } } });
    const edit = await updateCell(db, reviewer, {
      ref: { modelSlug: slug, risk: "R3", use: "U1" },
      expectedVersion: cell.version,
      changes: { rationale: "Rationale written after the preview was remembered" },
    });
    expect(edit.ok).toBe(true);

    const after = await preview();

    expect(before).not.toContain("Rationale written after the preview was remembered");
    expect(after).toContain("Rationale written after the preview was remembered");
  });

  test("strips raw HTML and javascript: links from markdown it is handed, whoever wrote it", async () => {
    const html = await renderCardHtml('# Card\n\n<script>alert(1)</script>\n\n<iframe src="https://example.org"></iframe>\n\n[click](javascript:alert(1))\n');

    expect(html).not.toMatch(/<script|<iframe|javascript:/i);
    expect(html).toContain("<a>click</a>");
  });

  test("shows the front matter as a YAML block, not as prose", async () => {
    const html = await renderCardHtml("---\nlicense: other\npipeline_tag: text-generation\n---\n\n# Card\n");

    expect(html).toContain('<pre><code class="language-yaml">license: other\npipeline_tag: text-generation</code></pre>');
  });
});
