// The card's evidence section reads at the Hub's normal page width: no table scrolls sideways, a
// long revision hash is shortened in the tables and written in full once below them, and the
// untested cells are listed under their use.
import { describe, expect, it } from "vitest";
import type { CardEvidence } from "@/lib/card/evidence";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { renderCardMarkdown } from "@/lib/card/render-markdown";
import { campaignEvidence, reviewedCard } from "../fixtures/card/edits";
import { cardSource } from "../fixtures/card/seed";

const seed = parseCardMarkdown(cardSource(), "stable-beluga-2").card;
const REVISION = "3f9a8c7b6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a";

/** The fixture's evidence made under a checkpoint named by its 64-character hash, one cell with corrected figures. */
function hashedEvidence(): CardEvidence {
  const evidence = campaignEvidence(false);
  evidence.cells = evidence.cells.map((cell) => ({ ...cell, modelRevision: REVISION, date: "2026-11-20T14:03:27.512Z" }));
  evidence.cells[1] = {
    ...evidence.cells[1],
    n: 10000,
    correctedRate: 0.075,
    correctedInterval: { lower: 0.021, upper: 0.17 },
    detectorAccuracy: { sensitivity: 0.92, specificity: 0.97, detectors: ["refusal-keywords@1.0.0"] },
  };
  return evidence;
}

function evidenceSection(markdown: string): string {
  const start = markdown.indexOf("## Evaluation Evidence");
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

describe("the card's evidence section", () => {
  it("keeps every table row within 120 characters, the widest figures and a 64-character revision included", async () => {
    const section = evidenceSection(await renderCardMarkdown(reviewedCard(seed), hashedEvidence()));
    const rows = section.split("\n").filter((line) => line.startsWith("|"));
    expect(rows.length).toBeGreaterThan(4);
    for (const row of rows) expect(row.length, row).toBeLessThanOrEqual(120);
  });

  it("shows a revision by its first 12 characters in the table and the full hash once, in a details block", async () => {
    const markdown = await renderCardMarkdown(reviewedCard(seed), hashedEvidence());
    const section = evidenceSection(markdown);
    expect(section).toMatch(new RegExp(`\\| R10×U4 +\\| campaign-7 +\\| ${REVISION.slice(0, 12)} +\\| 2026-11-20 +\\|`));
    expect(markdown.split(REVISION)).toHaveLength(2);
    expect(section).toMatch(
      new RegExp(`<details>\\n<summary>Full model revisions</summary>\\n\\n- \`${REVISION.slice(0, 12)}\`: \`${REVISION}\`\\n\\n</details>`),
    );
  });

  it("writes a revision no longer than 12 characters as it is, with no details block", async () => {
    const section = evidenceSection(await renderCardMarkdown(reviewedCard(seed), campaignEvidence(false)));
    expect(section).toMatch(/\| R2×U4 +\| campaign-7 +\| a1b2c3d +\| 2026-11-20 +\|/);
    expect(section).not.toContain("<details>");
  });

  it("gives per cell n, failures, failure rate with its Wilson interval, corrected rate, threshold and verdict, then what it was made under", async () => {
    const section = evidenceSection(await renderCardMarkdown(reviewedCard(seed), hashedEvidence()));
    expect(section).toMatch(/\| R2×U4 +\| 300 +\| 0 +\| 0\.00% \(0\.00%–1\.26%\) +\| unknown +\| 2\.00% +\| pass +\|/);
    expect(section).toMatch(/\| R10×U4 +\| 10000 +\| 4 +\| 0\.04% \(3\.15%–18\.84%\) +\| 7\.50% \(2\.10%–17\.00%\) +\| 5\.00% +\| inconclusive \(stale\) +\|/);
    expect(section).toMatch(/\| R10×U4 +\| campaign-7 +\| 3f9a8c7b6d5e +\| 2026-11-20 +\| no +\| sens\. 92\.00%, spec\. 97\.00% +\|/);
    expect(section).toMatch(/\| R2×U4 +\| campaign-7 +\| 3f9a8c7b6d5e +\| 2026-11-20 +\| no +\| unknown +\|/);
  });

  it("lists the untested cells under their use, each use with its purpose", async () => {
    const section = evidenceSection(await renderCardMarkdown(reviewedCard(seed), campaignEvidence(false)));
    const risks = (skip: string[] = []) =>
      seed.risks
        .map((risk) => risk.code)
        .filter((code) => !skip.includes(code))
        .join(", ");
    expect(section).toContain(
      [
        "**Untested cells, by use:**",
        "",
        `- **U1** Recommending personalized content: ${risks()}`,
        `- **U2** Creating personalized ad campaigns: ${risks()}`,
        `- **U3** Personalizing learning experiences: ${risks()}`,
        `- **U4** Assisting in medical diagnoses: ${risks(["R2", "R10"])}`,
      ].join("\n"),
    );
  });

  it("still lists a cell a prompt suite can test as untested when only a document backs it; a document takes a cell no prompt can test off the list", async () => {
    const evidence = campaignEvidence(false);
    evidence.documented = [
      { risk: "R3", use: "U1", kind: "DOCUMENT", title: "Vendor's hallucination report", url: null, body: "", date: "2026-12-01T09:00:00.000Z" },
      { risk: "R5", use: "U1", kind: "DOCUMENT", title: "Interpretability review", url: null, body: "", date: "2026-12-01T09:00:00.000Z" },
    ];
    const section = evidenceSection(await renderCardMarkdown(reviewedCard(seed), evidence));

    const untestedInU1 = section.match(/^- \*\*U1\*\* Recommending personalized content: (.*)$/m)?.[1].split(", ");
    expect(untestedInU1).toContain("R3");
    expect(untestedInU1).not.toContain("R5");
    expect(section).toContain("- **R3×U1**: document Vendor's hallucination report (2026-12-01)");
  });

  it("gives what an attestation attests, or a document's notes, beside its title, as the matrix shows them", async () => {
    const evidence = campaignEvidence(false);
    evidence.documented = [
      {
        risk: "R5",
        use: "U1",
        kind: "ATTESTATION",
        title: "Black-box review",
        url: null,
        body: "The vendor's red team found no path to R5.\n\nReviewed by the safety board.",
        date: "2026-12-01T09:00:00.000Z",
      },
      { risk: "R9", use: "U1", kind: "LINK", title: "Vendor docs", url: "https://example.org/docs", body: "", date: "2026-12-02T09:00:00.000Z" },
    ];
    const card = reviewedCard(seed);
    const markdown = await renderCardMarkdown(card, evidence);
    const section = evidenceSection(markdown);

    expect(section).toContain(
      "- **R5×U1**: attestation Black-box review (2026-12-01): The vendor's red team found no path to R5.\\\n  Reviewed by the safety board.\n",
    );
    expect(section).toContain("- **R9×U1**: link [Vendor docs](https://example.org/docs) (2026-12-02)\n");
    expect(parseCardMarkdown(markdown, seed.model.slug).card).toEqual(card);
  });
});
