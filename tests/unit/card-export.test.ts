import type { Nodes, Table } from "mdast";
import { remark } from "remark";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import { describe, expect, it } from "vitest";
import { cardCounts } from "@/lib/card/counts";
import { mitigationLibrary } from "@/lib/card/mitigation-library";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { renderCardMarkdown } from "@/lib/card/render-markdown";
import { campaignEvidence, HOSTILE_RATIONALE, reviewedCard } from "../fixtures/card/edits";
import { cardSource, seedRisks, seedUses } from "../fixtures/card/seed";

const seed = parseCardMarkdown(cardSource(), "stable-beluga-2").card;
const reimport = (markdown: string) => parseCardMarkdown(markdown, "stable-beluga-2");

function nodesOf(markdown: string): Nodes[] {
  const all: Nodes[] = [];
  const walk = (node: Nodes) => {
    all.push(node);
    if ("children" in node) for (const child of node.children) walk(child as Nodes);
  };
  walk(remark().use(remarkGfm).use(remarkFrontmatter, ["yaml"]).parse(markdown));
  return all;
}

function textOf(node: Nodes): string {
  if ("value" in node) return node.value;
  return "children" in node ? node.children.map((child) => textOf(child as Nodes)).join("") : "";
}

describe("exporting the card as markdown", () => {
  it("gives back the imported seed on re-import, with the prose counts now computed from the data", async () => {
    const { card, warnings } = reimport(await renderCardMarkdown(seed));
    expect(card).toEqual({ ...seed, claimedCounts: { risks: 14, mitigations: 21, uses: 4 } });
    expect(warnings).toEqual([]);
  });

  it("gives back a reviewed card exactly, cell edits, hostile rationale and unknown front matter included", async () => {
    const edited = reviewedCard(seed);
    expect(reimport(await renderCardMarkdown(edited)).card).toEqual(edited);
    expect(reimport(await renderCardMarkdown(edited, campaignEvidence(false))).card).toEqual(edited);
  });

  it("writes the same markdown when an export is imported and exported again", async () => {
    const first = await renderCardMarkdown(reviewedCard(seed), campaignEvidence(false));
    expect(await renderCardMarkdown(reimport(first).card, campaignEvidence(false))).toBe(first);
  });

  it("reproduces every risk, use, mitigation and link of the seed", async () => {
    const markdown = await renderCardMarkdown(seed);
    const { card } = reimport(markdown);
    expect(card.risks.map((risk) => [risk.code, risk.title, risk.mitigations])).toEqual(seedRisks().map((risk) => [risk.code, risk.title, risk.mitigations]));
    expect(card.uses).toEqual(seedUses());
    expect(mitigationLibrary(card.risks)).toEqual(mitigationLibrary(seed.risks));
    for (const risk of seedRisks()) for (const mitigation of risk.mitigations) expect(markdown).toContain(mitigation);
  });

  it("computes the summary sentence's counts from the data instead of copying the card's claim", async () => {
    const markdown = await renderCardMarkdown(seed);
    expect(markdown).toContain("We identified 14 potential model risks and 21 mitigation strategies (M) for 4 potential model uses");
    const fewer = { ...seed, risks: seed.risks.slice(0, 2), cells: seed.cells.filter((cell) => ["R1", "R2"].includes(cell.risk)) };
    const { risks, mitigations, uses } = cardCounts(fewer);
    expect(await renderCardMarkdown(fewer)).toContain(
      `We identified ${risks} potential model risks and ${mitigations} mitigation strategies (M) for ${uses} potential model uses`,
    );
  });

  it("puts a mark and a level in every cell of the risk table", async () => {
    const markdown = await renderCardMarkdown(reviewedCard(seed));
    const summary = nodesOf(markdown).find((node): node is Table => node.type === "table")!;
    const marks = summary.children.slice(1).flatMap((row) => row.children.slice(2).map((cell) => (cell.children[0] as { value: string }).value));
    expect(marks).toHaveLength(56);
    for (const mark of marks) expect(mark).toMatch(/^(yes|no|not assessed)( · L[1-5?]×S[1-5?])? · (low|medium|high|critical|unrated)$/);
    expect(marks).toContain("yes · L3×S5 · critical");
    expect(marks).toContain("yes · L4×S? · unrated");
  });

  it("keeps a rationale holding a pipe, a script tag and a newline inside its table row: the tag as text, the newline as <br>, the markdown as markdown", async () => {
    const markdown = await renderCardMarkdown(reviewedCard(seed));
    const nodes = nodesOf(markdown);
    expect(nodes.filter((node) => node.type === "html").map((node) => (node as { value: string }).value)).toEqual(["<br>"]);
    expect(markdown).not.toMatch(/(?<!\\)<script/);
    const details = nodes.filter((node): node is Table => node.type === "table")[1];
    for (const row of details.children) expect(row.children).toHaveLength(details.children[0].children.length);
    const hostileRow = details.children.find((row) => textOf(row.children[0]).replace(/ /g, "") === "R2×U4")!;
    expect(textOf(hostileRow.children[4])).toContain("Ads | targeting <script>alert('x')</script>");
    expect(hostileRow.children[4].children.map((node) => node.type)).toEqual(expect.arrayContaining(["strong", "inlineCode", "link"]));
    expect(reimport(markdown).card.cells.find((cell) => cell.risk === "R2" && cell.use === "U4")!.rationale).toBe(HOSTILE_RATIONALE);
  });

  it("says untested, not safe, when no evidence is given", async () => {
    const markdown = await renderCardMarkdown(seed);
    expect(markdown).toContain("## Evaluation Evidence");
    expect(markdown).toContain("**Untested.** No campaign evidence is recorded for any cell. A cell without evidence is untested, not safe.");
    expect(markdown).not.toMatch(/\bpass\b/);
  });

  it("shows per cell n, failure rate, Wilson interval, verdict, campaign, revision, date and detector accuracy", async () => {
    const markdown = await renderCardMarkdown(reviewedCard(seed), campaignEvidence(false));
    // Without measured detector accuracy the corrected columns say so instead of inventing a figure.
    expect(markdown).toMatch(/\| R2×U4 +\| 300 +\| 0 +\| 0\.00% \(0\.00%–1\.26%\) +\| unknown +\| 2\.00% +\| pass +\|/);
    expect(markdown).toMatch(/\| R2×U4 +\| campaign-7 +\| a1b2c3d +\| 2026-11-20 +\| no +\| unknown +\|/);
    expect(markdown).toContain("Lang-Reiczigel (2014) adjusted 95% interval");
    expect(markdown).toMatch(/\| R10×U4 +\| 50 +\| 4 +\| 8\.00% \(3\.15%–18\.84%\) +\| unknown +\| 5\.00% +\| inconclusive \(stale\) +\|/);
    expect(markdown).toMatch(/\| refusal-keywords +\| 1\.0\.0 +\| 200 +\| 0\.91 +\| 0\.84 +\| 0\.87 +\|/);
    expect(markdown).toContain("**Untested cells, by use:**");
    expect(markdown).not.toContain("Smoke test only");
  });

  it("labels evidence from the generated tiny model as a smoke test", async () => {
    const markdown = await renderCardMarkdown(reviewedCard(seed), campaignEvidence(true));
    expect(markdown).toContain('**Smoke test only.** Evidence marked "smoke-test model" comes from the generated tiny test model, not from Stable Beluga 2');
  });

  it("writes Hugging Face front matter with the keys it does not know", async () => {
    const markdown = await renderCardMarkdown(reviewedCard(seed));
    expect(markdown.startsWith("---\nlicense: other\n")).toBe(true);
    expect(markdown).toContain("base_model: meta-llama/Llama-2-70b-hf");
    expect(markdown).toContain("riskledger_reviewed: true");
  });
});
