// What the release diff says of a risk acceptance whose terms changed between two releases: its
// expiry, who accepted it, its justification, and whether it had lapsed. The cell stays "accepted"
// in both, so without these lines a re-acceptance on new terms showed no change at all.
import { describe, expect, it } from "vitest";
import type { CardAcceptedRisk } from "@/lib/card/accepted-risks";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { describeMatrixChange, diffMatrix } from "@/lib/releases/diff-releases";
import { campaignEvidence, reviewedCard } from "../fixtures/card/edits";
import { cardSource } from "../fixtures/card/seed";

const card = reviewedCard(parseCardMarkdown(cardSource(), "stable-beluga-2").card);
const evidence = campaignEvidence(false);
const accepted: CardAcceptedRisk = {
  cell: "R2×U4",
  acceptedUntil: "2027-01-31",
  acceptedBy: "Ada Approver",
  justification: "Ad desk reviews.",
  expired: false,
};
const lines = async (before: CardAcceptedRisk[] | undefined, after: CardAcceptedRisk[] | undefined) =>
  (await diffMatrix({ card, evidence, acceptedRisks: before }, { card, evidence, acceptedRisks: after })).map(describeMatrixChange);

describe("the release diff of an accepted risk's terms", () => {
  it("says the expiry, the approver and the justification changed, each on its own line", async () => {
    const renewed = { ...accepted, acceptedUntil: "2027-07-31", acceptedBy: "Bo Approver", justification: "Ad desk and a filter." };

    expect(await lines([accepted], [renewed])).toEqual([
      "R2×U4: acceptance expiry 2027-01-31 -> 2027-07-31",
      "R2×U4: accepted by Ada Approver -> Bo Approver",
      "R2×U4: acceptance justification changed",
    ]);
  });

  it("says an acceptance lapsed, and an expiry set where there was none", async () => {
    expect(await lines([accepted], [{ ...accepted, expired: true }])).toEqual(["R2×U4: acceptance in force -> expired"]);
    expect(await lines([{ ...accepted, acceptedUntil: null }], [accepted])).toEqual(["R2×U4: acceptance expiry none -> 2027-01-31"]);
  });

  it("says nothing of unchanged terms, nor of terms an older release did not record", async () => {
    expect(await lines([accepted], [{ ...accepted }])).toEqual([]);
    expect(await lines(undefined, [accepted])).toEqual([]);
  });
});
