// A mitigation's status is kept by the card under the mitigation's text, so between two releases a
// mitigation whose text was edited (or that was retired) is one text gone and maybe another come:
// the diff says so of the risk, and never reads it as a cell's status falling to "not started".
import { describe, expect, it } from "vitest";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import type { Card } from "@/lib/card/schema";
import { describeMatrixChange, diffMatrix } from "@/lib/releases/diff-releases";
import { campaignEvidence, reviewedCard } from "../fixtures/card/edits";
import { cardSource } from "../fixtures/card/seed";

const OLD = "Run your own suite of tests";
const NEW = "Run your own suite of safety tests";

function withMitigationText(card: Card, from: string, to: string): Card {
  const edited = structuredClone(card);
  for (const risk of edited.risks) risk.mitigations = risk.mitigations.map((text) => (text === from ? to : text));
  for (const cell of edited.cells) {
    cell.mitigationStatus = Object.fromEntries(Object.entries(cell.mitigationStatus).map(([text, status]) => [text === from ? to : text, status]));
  }
  return edited;
}

describe("the release diff of a mitigation whose text changed", () => {
  it("names the text that went and the one that came on each risk listing it, and a cell's status under the new text as it stands, not as a change", async () => {
    const before = reviewedCard(parseCardMarkdown(cardSource(), "stable-beluga-2").card);
    const after = withMitigationText(before, OLD, NEW);
    const listing = before.risks.filter((risk) => risk.mitigations.includes(OLD)).map((risk) => risk.code);
    expect(listing).toContain("R2");

    const lines = (await diffMatrix({ card: before, evidence: campaignEvidence(false) }, { card: after, evidence: campaignEvidence(false) })).map(
      describeMatrixChange,
    );

    expect(lines).toEqual([
      ...listing.flatMap((risk) => [`${risk}: mitigation "${OLD}" removed`, `${risk}: mitigation "${NEW}" added`]),
      `R2×U4: mitigation "${NEW}" in progress`,
    ]);
    expect(lines.join("\n")).not.toContain("->");
  });

  it("gives a cell's status for a mitigation new to its risk as it now stands", async () => {
    const before = reviewedCard(parseCardMarkdown(cardSource(), "stable-beluga-2").card);
    const after = structuredClone(before);
    after.risks[1].mitigations.push("Publish a model-use policy");
    after.cells.find((cell) => cell.risk === "R2" && cell.use === "U4")!.mitigationStatus["Publish a model-use policy"] = "PLANNED";

    const lines = (await diffMatrix({ card: before, evidence: campaignEvidence(false) }, { card: after, evidence: campaignEvidence(false) })).map(
      describeMatrixChange,
    );

    expect(lines).toEqual(['R2: mitigation "Publish a model-use policy" added', 'R2×U4: mitigation "Publish a model-use policy" planned']);
  });
});
