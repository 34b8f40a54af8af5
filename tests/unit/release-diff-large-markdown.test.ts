// The diff page runs on the server's one thread. A line diff of two markdowns that differ in most of
// their lines costs time in the square of their length (two 10,000-line cards: some 40 s, during
// which the server answers no one), so past a bound of changed lines the text patch is left out and
// the page says so; the list of matrix changes, read from the JSON, is still given.
import { createTwoFilesPatch } from "diff";
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
    const diff = await diffReleases(await release(1, rows(lines, "old"), "Before."), await release(2, rows(lines, "new"), "After."));
    expect(diff.textPatch).toBeNull();
    expect(diff.matrixChanges).toEqual([{ where: "R1×U1", what: "rationale changed" }]);
  });

  it("gives the text patch of markdowns that differ within the bound", async () => {
    const diff = await diffReleases(await release(1, rows(40, "old"), "Same."), await release(2, rows(40, "new"), "Same."));
    expect(diff.textPatch).toContain("-Cell 39: old rationale.");
    expect(diff.textPatch).toContain("+Cell 39: new rationale.");
  });
});

describe("the text patch, worked out on what lies between the lines both markdowns share at their start and end", () => {
  /** A seeded generator of numbers in [0, 1), so a failure can be run again. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
  }
  const next = random(20261207);
  const words = ["alpha", "beta", "", "gamma", "alpha", "- item", "# Heading"];
  const text = (lines: number) => Array.from({ length: lines }, () => words[Math.floor(next() * words.length)]).join("\n");
  /** `base` with a few lines changed, added or removed anywhere, the first and last included. */
  const edited = (base: string) => {
    const lines = base.split("\n");
    for (let edit = Math.floor(next() * 4); edit > 0; edit--) {
      const at = Math.floor(next() * (lines.length + 1));
      const roll = next();
      if (roll < 0.33) lines.splice(at, 0, "added");
      else if (roll < 0.66) lines.splice(at, 1);
      else lines[Math.min(at, lines.length - 1)] = "changed";
    }
    return lines.join("\n");
  };

  it("is what jsdiff writes for the whole markdowns, for changes at their start, middle and end, with and without a final line break", async () => {
    const json = (await release(1, "", "Same.")).json;
    for (let pair = 0; pair < 400; pair++) {
      const before = text(Math.floor(next() * (pair < 100 ? 30 : 400))) + (next() < 0.5 ? "\n" : "");
      const after = next() < 0.1 ? before : edited(before) + (next() < 0.2 ? "\n" : "");
      const diff = await diffReleases(
        { version: 1, markdown: before, json, acceptedGaps: null, justification: null },
        { version: 2, markdown: after, json, acceptedGaps: null, justification: null },
      );
      expect({ before, after, patch: diff.textPatch }).toEqual({
        before,
        after,
        patch: createTwoFilesPatch("v1.md", "v2.md", before, after, "", "", { context: 3 }),
      });
    }
  });
});
