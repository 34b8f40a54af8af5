// What the release diff says of a cell's evidence, from the two releases' JSON.
import { describe, expect, it } from "vitest";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { describeMatrixChange, diffMatrix } from "@/lib/releases/diff-releases";
import { campaignEvidence, reviewedCard } from "../fixtures/card/edits";
import { cardSource } from "../fixtures/card/seed";

describe("the release diff of a cell's evidence", () => {
  it("says how many of the verdicts of evidence new to a cell a reviewer overrode, as the card does", async () => {
    const card = reviewedCard(parseCardMarkdown(cardSource(), "stable-beluga-2").card);
    const before = campaignEvidence(false);
    before.cells = before.cells.filter((row) => row.risk !== "R2");
    const after = campaignEvidence(false);
    after.cells[0].overrides = 3;

    const lines = (await diffMatrix({ card, evidence: before }, { card, evidence: after })).map(describeMatrixChange);

    expect(lines).toEqual(["R2×U4: evidence added, verdict pass, 3 of its 300 verdicts overridden by a reviewer"]);
  });
});
