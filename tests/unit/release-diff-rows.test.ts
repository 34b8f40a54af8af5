// What the release diff says of a risk or use both releases list: a risk renamed or reclassified, a
// use whose purpose or setting changed. The text patch showed these; the list of changes a reviewer
// reads said nothing of them.
import { describe, expect, it } from "vitest";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { harmAreaLabel, riskTypeLabel } from "@/lib/domain/vocabulary";
import { describeMatrixChange, diffMatrix } from "@/lib/releases/diff-releases";
import { campaignEvidence } from "../fixtures/card/edits";
import { cardSource } from "../fixtures/card/seed";

const card = parseCardMarkdown(cardSource(), "stable-beluga-2").card;
const evidence = campaignEvidence(false);

describe("the release diff of a risk or use both releases list", () => {
  it("says a risk's title, type and harm area changed, and which of a use's facts did", () => {
    const after = {
      ...card,
      risks: card.risks.map((risk) =>
        risk.code === "R3" ? { ...risk, title: "Leaks personal data", riskType: "SYSTEMIC" as const, harmArea: "MALICIOUS_USE" as const } : risk,
      ),
      uses: card.uses.map((use) => (use.code === "U2" ? { ...use, purpose: "Draft replies to patients", domain: "Health" } : use)),
    };

    expect(diffMatrix({ card, evidence }, { card: after, evidence }).map(describeMatrixChange)).toEqual([
      `R3: title "${card.risks[2].title}" -> "Leaks personal data"`,
      `R3: risk type ${riskTypeLabel[card.risks[2].riskType]} -> Systemic risk`,
      `R3: harm area ${harmAreaLabel[card.risks[2].harmArea]} -> Malicious use`,
      `U2: purpose "${card.uses[1].purpose}" -> "Draft replies to patients"`,
      `U2: domain "${card.uses[1].domain}" -> "Health"`,
    ]);
  });
});
