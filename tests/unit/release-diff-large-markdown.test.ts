// The diff page runs on the server's one thread. A line diff of two markdowns that differ in most of
// their lines costs time in the square of their length (two 10,000-line cards: some 40 s, during
// which the server answers no one), so past a bound of changed lines the text patch is left out and
// the page says so; the list of matrix changes, read from the JSON, is still given.
import { describe, expect, it } from "vitest";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { diffReleases, MAX_PATCHED_LINE_EDITS } from "@/lib/releases/diff-releases";
import { snapshotJson } from "@/lib/releases/release-snapshot";
import { campaignEvidence } from "../fixtures/card/edits";
import { cardSource } from "../fixtures/card/seed";

const card = parseCardMarkdown(cardSource(), "stable-beluga-2").card;
const release = async (version: number, markdown: string, rationale: string) => ({
  version,
  markdown,
  json: await snapshotJson({
    card: { ...card, cells: card.cells.map((cell, index) => (index === 0 ? { ...cell, rationale } : cell)) },
    evidence: campaignEvidence(false),
  }),
  acceptedGaps: null,
  justification: null,
});
const rows = (count: number, word: string) => Array.from({ length: count }, (_, index) => `Cell ${index}: ${word} rationale.`).join("\n");

describe("the diff of two releases whose markdown differs in most lines", () => {
  it("leaves the text patch out past the bound, and still lists the matrix changes", async () => {
    const lines = MAX_PATCHED_LINE_EDITS;
    const diff = diffReleases(await release(1, rows(lines, "old"), "Before."), await release(2, rows(lines, "new"), "After."));
    expect(diff.textPatch).toBeNull();
    expect(diff.matrixChanges).toEqual([{ where: "R1×U1", what: "rationale changed" }]);
  });

  it("gives the text patch of markdowns that differ within the bound", async () => {
    const diff = diffReleases(await release(1, rows(40, "old"), "Same."), await release(2, rows(40, "new"), "Same."));
    expect(diff.textPatch).toContain("-Cell 39: old rationale.");
    expect(diff.textPatch).toContain("+Cell 39: new rationale.");
  });
});
