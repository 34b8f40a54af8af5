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
  it("says a risk's title, type and harm area changed, and which of a use's facts did", async () => {
    const after = {
      ...card,
      risks: card.risks.map((risk) =>
        risk.code === "R3" ? { ...risk, title: "Leaks personal data", riskType: "SYSTEMIC" as const, harmArea: "MALICIOUS_USE" as const } : risk,
      ),
      uses: card.uses.map((use) => (use.code === "U2" ? { ...use, purpose: "Draft replies to patients", domain: "Health" } : use)),
    };

    expect((await diffMatrix({ card, evidence }, { card: after, evidence })).map(describeMatrixChange)).toEqual([
      `R3: title "${card.risks[2].title}" -> "Leaks personal data"`,
      `R3: risk type ${riskTypeLabel[card.risks[2].riskType]} -> Systemic risk`,
      `R3: harm area ${harmAreaLabel[card.risks[2].harmArea]} -> Malicious use`,
      `U2: purpose "${card.uses[1].purpose}" -> "Draft replies to patients"`,
      `U2: domain "${card.uses[1].domain}" -> "Health"`,
    ]);
  });
});

describe("the release diff of a risk restored between the releases", () => {
  it("says the risk and its cells were restored, and a cell of it with a use added since was added", async () => {
    const u5 = { ...card.uses[0], code: "U5", purpose: "Tutor students" };
    const before = {
      ...card,
      risks: card.risks.filter((risk) => risk.code !== "R3"),
      cells: card.cells.filter((cell) => cell.risk !== "R3"),
    };
    const after = {
      ...card,
      uses: [...card.uses, u5],
      cells: [...card.cells, ...card.risks.map((risk) => ({ ...card.cells[0], risk: risk.code, use: "U5" }))],
    };
    const history = {
      risks: new Set(card.risks.map((risk) => risk.code)),
      uses: new Set([...card.uses.map((use) => use.code), "U5"]),
      retiredAtOlder: new Set(["R3"]),
      mitigationsRetiredAtOlder: new Set<string>(),
      retiredMitigations: new Set<string>(),
      mergedMitigations: new Map<string, string>(),
    };

    const lines = (await diffMatrix({ card: before, evidence }, { card: after, evidence }, history)).map(describeMatrixChange);
    expect(lines.filter((line) => /^(R3|U5)(:|×)/.test(line) || /×U5:/.test(line)).filter((line) => /added|restored/.test(line))).toEqual(
      expect.arrayContaining(["R3: risk restored", "U5: use added", "R3×U1: cell restored with R3", "R3×U5: cell added", "R1×U5: cell added"]),
    );
    expect(lines).not.toContain("R3×U5: cell restored with R3");
  });
});
