// The release diff's lines quote texts of the card (a mitigation, a campaign's name, a document's
// title) in a line of its own words: a bidirectional control left open in one reorders the rest
// of the line ("not started -> implemented"), so the line names it instead.
import { describe, expect, it } from "vitest";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { describeMatrixChange, diffMatrix } from "@/lib/releases/diff-releases";
import { campaignEvidence, reviewedCard } from "../fixtures/card/edits";
import { cardSource } from "../fixtures/card/seed";

const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;

describe("a bidirectional control in a text the release diff quotes", () => {
  it("is named in the line, so the words after it read in order", async () => {
    const before = reviewedCard(parseCardMarkdown(cardSource(), "stable-beluga-2").card);
    const mitigation = `Perform \u202Esafety testing`;
    before.risks[1].mitigations[0] = mitigation;
    const after = structuredClone(before);
    const cell = after.cells.findIndex((found) => found.risk === "R2" && found.use === "U4");
    before.cells[cell].mitigationStatus = { [mitigation]: "NOT_STARTED" };
    after.cells[cell].mitigationStatus = { [mitigation]: "IMPLEMENTED" };
    const evidenceBefore = campaignEvidence(false);
    const evidenceAfter = campaignEvidence(false);
    evidenceAfter.cells[0].campaign = "nightly \u2067run";
    evidenceAfter.documented = [
      { risk: "R2", use: "U4", kind: "DOCUMENT", title: "Audit \u202Breport", url: null, body: "", date: "2026-12-01T00:00:00.000Z" },
    ];
    evidenceBefore.documented = [];

    const lines = (await diffMatrix({ card: before, evidence: evidenceBefore }, { card: after, evidence: evidenceAfter })).map(describeMatrixChange);

    expect(lines).toEqual([
      'R2×U4: mitigation "Perform <U+202E>safety testing" not started -> implemented',
      "R2×U4: campaign campaign-7 -> nightly <U+2067>run",
      'R2×U4: document "Audit <U+202B>report" attached',
    ]);
    for (const line of lines) expect(line).not.toMatch(BIDI_CONTROL);
  });
});
