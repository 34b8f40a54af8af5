// What the release diff says of what answered and what judged a cell's evidence. Seen: a cell whose evidence moved from
// a nightly campaign answered by an endpoint serving beluga at full precision, judged by one guard model, to the next
// night's campaign of the same name, answered by the int4 weights and judged by another guard, with the same counts:
// the diff listed no change for the cell, though the card it diffs names both in its evidence notes.
import { describe, expect, it } from "vitest";
import type { CardEvidence } from "@/lib/card/evidence";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { describeMatrixChange, diffMatrix } from "@/lib/releases/diff-releases";
import { campaignEvidence, reviewedCard } from "../fixtures/card/edits";
import { cardSource } from "../fixtures/card/seed";

const card = reviewedCard(parseCardMarkdown(cardSource(), "stable-beluga-2").card);

function answeredAndJudged(servedModel: string, judge: string, judgeServedModel: string): CardEvidence {
  const evidence = campaignEvidence(false);
  const [first, ...rest] = evidence.cells;
  return { ...evidence, cells: [{ ...first, campaign: "nightly", backend: "openai", servedModel, judge, judgeServedModel }, ...rest] };
}

const before = answeredAndJudged("beluga (root /models/beluga-bf16)", "openai@guard-1", "guard: llama-guard-3-8b");
const after = answeredAndJudged("beluga (root /models/beluga-bf16+int4-block128)", "openai@guard-2", "guard: llama-guard-4-12b");

describe("the release diff of what answered and judged a cell's evidence", () => {
  it("names a change of served model, of model judge and of the judge's served model under a campaign of the same name", async () => {
    const lines = (await diffMatrix({ card, evidence: before }, { card, evidence: after })).map(describeMatrixChange);
    expect(lines).toEqual([
      "R2×U4: served model beluga (root /models/beluga-bf16) -> beluga (root /models/beluga-bf16+int4-block128)",
      "R2×U4: model judge openai@guard-1 -> openai@guard-2",
      "R2×U4: model judge's served model guard: llama-guard-3-8b -> guard: llama-guard-4-12b",
    ]);
  });

  it("compares none of them where either release did not record them", async () => {
    const notRecorded = { smokeTestEvidence: false, answeredAndJudged: true, smokeTestCells: false, selfApprovals: false, otherModelCells: false };
    expect(await diffMatrix({ card, evidence: before }, { card, evidence: after }, undefined, notRecorded)).toEqual([]);
  });
});
