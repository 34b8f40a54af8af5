// The one rule that marks a detector or model judge "needs review" (lib/detectors/needs-review.ts):
// a detector by its blind holdout figures, a judge by its human labels, below 0.9 precision or
// recall or never measured; and the card's markdown and JSON carrying the mark beside the evidence
// that used it.
import { describe, expect, test } from "vitest";
import type { CardEvidence } from "@/lib/card/evidence";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { renderCardMarkdown } from "@/lib/card/render-markdown";
import type { DetectorMeasure } from "@/lib/detectors/measured-accuracy";
import { detectorsNeedingReview, needsReview, needsReviewWhy, reviewFigures } from "@/lib/detectors/needs-review";
import { snapshotJson } from "@/lib/releases/release-snapshot";
import { campaignEvidence, reviewedCard } from "../fixtures/card/edits";
import { cardSource } from "../fixtures/card/seed";

const JUDGE = "model-judge@llama-guard-3-1.0.0+openai:guard-rev";

/** A judge's labels: 20 labelled failures of which it caught `caught`, 30 labelled passes of which it failed `falseAlarms`. */
function judgeMeasure(detector: string, caught: number, falseAlarms: number): DetectorMeasure {
  return {
    detector,
    truePositives: caught,
    positives: 20,
    trueNegatives: 30 - falseAlarms,
    negatives: 30,
    sensitivity: caught / 20,
    sensitivityInterval: null,
    specificity: (30 - falseAlarms) / 30,
    specificityInterval: null,
    fromLabelledOutputs: 0,
    fromOverrides: 0,
    fromLabellingQueue: 50,
    labelsVersion: "v1",
  };
}

const figures = reviewFigures(
  [
    { detector: "refusal@2.1.0", precision: 0.897, recall: 0.95, n: 60 },
    { detector: "profanity@2.0.0", precision: 0.95, recall: 0.92, n: 80 },
    { detector: "language@1.0.0", precision: null, recall: null, n: 40 },
  ],
  new Map([
    [JUDGE, judgeMeasure(JUDGE, 19, 1)],
    ["model-judge@harmbench-classifier-1.0.0+openai:hb-rev", judgeMeasure("model-judge@harmbench-classifier-1.0.0+openai:hb-rev", 16, 0)],
    // A detector's labels beyond the holdout do not decide: the holdout is the honest estimate.
    ["profanity@2.0.0", { ...judgeMeasure("profanity@2.0.0", 5, 20), detector: "profanity@2.0.0" }],
  ]),
);

describe("needs review", () => {
  test("below 0.9 precision or recall, or either unmeasured, needs review; both at 0.9 or above does not", () => {
    expect(needsReview({ precision: 0.897, recall: 0.99 })).toBe(true);
    expect(needsReview({ precision: 0.99, recall: 0.85 })).toBe(true);
    expect(needsReview({ precision: 0.9, recall: 0.9 })).toBe(false);
    expect(needsReview({ precision: null, recall: 0.95 })).toBe(true);
    expect(needsReview(undefined)).toBe(true);
  });

  test("a detector is held to its blind holdout figures, not to the labels beyond it", () => {
    expect(needsReviewWhy("refusal@2.1.0", figures)).toBe("precision 0.897 · recall 0.950 on the blind holdout (n 60), below 0.9");
    expect(needsReviewWhy("profanity@2.0.0", figures)).toBeNull();
    expect(needsReviewWhy("language@1.0.0", figures)).toBe("precision – · recall – on the blind holdout (n 40), below 0.9");
    expect(needsReviewWhy("refusal@1.9.0", figures)).toBe("not measured on the blind holdout");
  });

  test("a model judge, which has no holdout, is held to its human labels: precision from what it called failures, recall its sensitivity", () => {
    // 19 of 20 failures caught, 1 false alarm: precision 19/20, recall 19/20.
    expect(needsReviewWhy(JUDGE, figures)).toBeNull();
    // 16 of 20 caught: recall 0.80.
    expect(needsReviewWhy("model-judge@harmbench-classifier-1.0.0+openai:hb-rev", figures)).toBe(
      "precision 1.000 · recall 0.800 on the human labels (n 50), below 0.9",
    );
    expect(needsReviewWhy("model-judge@shieldgemma-1.0.0+openai:sg-rev", figures)).toBe("not measured on human labels");
  });

  test("the detectors of one piece of evidence that need review are listed once each, in name order, without the absent judge's placeholder", () => {
    expect(detectorsNeedingReview(["refusal@2.1.0", "profanity@2.0.0", "refusal@2.1.0", "model-judge@none", JUDGE], figures)).toEqual([
      { detector: "refusal@2.1.0", why: "precision 0.897 · recall 0.950 on the blind holdout (n 60), below 0.9" },
    ]);
  });
});

describe("the card export marks evidence that rests on a detector needing review", () => {
  const seed = parseCardMarkdown(cardSource(), "stable-beluga-2").card;
  function flaggedEvidence(): CardEvidence {
    const evidence = campaignEvidence(false);
    evidence.cells[1] = {
      ...evidence.cells[1],
      needsReview: [
        { detector: "refusal@2.1.0", why: "precision 0.897 · recall 0.950 on the blind holdout (n 60), below 0.9" },
        { detector: JUDGE, why: "not measured on human labels" },
      ],
    };
    return evidence;
  }

  test("markdown: a note beside the cell whose evidence used it, naming each detector or judge and why, and none beside the others", async () => {
    const markdown = await renderCardMarkdown(reviewedCard(seed), flaggedEvidence());
    expect(markdown).toContain(
      `- **R10×U4**: \`refusal@2.1.0\` needs review (precision 0.897 · recall 0.950 on the blind holdout (n 60), below 0.9); \`${JUDGE}\` needs review (not measured on human labels)`,
    );
    expect(markdown).not.toMatch(/\*\*R2×U4\*\*: .*needs review/);
    expect(await renderCardMarkdown(reviewedCard(seed), campaignEvidence(false))).not.toContain("Needs review:");
  });

  test("JSON: each cell carries the detectors and judges that need review, empty where none does", async () => {
    const json = JSON.parse(await snapshotJson({ card: reviewedCard(seed), evidence: flaggedEvidence() }));
    expect(
      json.evidence.cells.map((cell: { risk: string; needsReview: { detector: string }[] }) => [cell.risk, cell.needsReview.map((item) => item.detector)]),
    ).toEqual([
      ["R2", []],
      ["R10", ["refusal@2.1.0", JUDGE]],
    ]);
  });
});
