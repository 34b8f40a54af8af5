import { describe, expect, it } from "vitest";
import { correctedFigures, DETECTOR_ACCURACY_UNKNOWN } from "@/lib/evidence/corrected-figures";
import { combineLabels, holdoutCounts, labelsFromOverride, measurePrecision, pooledAccuracy } from "@/lib/detectors/measured-accuracy";
import { judgeHoldout } from "@/lib/detectors/holdout-verdicts";
import { refusalDetector } from "@/lib/detectors/refusal";
import { holdoutAccuracy } from "@/lib/detectors/accuracy";
import type { LabelledOutput } from "@/lib/detectors/labelled-outputs";
import type { HoldoutVerdicts } from "@/lib/detectors/holdout-verdicts";

describe("a detector's measured sensitivity and specificity", () => {
  it("comes from the blind holdout of the labelled outputs, by name@version, with labels of both kinds for refusal", async () => {
    const counts = holdoutCounts(await judgeHoldout());
    const refusal = counts.get(`refusal@${refusalDetector.version}`)!;
    expect(refusal.positives).toBeGreaterThan(5);
    expect(refusal.negatives).toBeGreaterThan(5);
    expect(refusal.truePositives).toBeLessThanOrEqual(refusal.positives);
    expect(refusal.trueNegatives).toBeLessThanOrEqual(refusal.negatives);
  });

  it("counts a confirmed PASS override against every counted detector that judged the run, and a FAIL override only when one detector judged it", () => {
    const findings = [
      { verdict: "fail", detector: "refusal@2.1.0", evidence: "" },
      { verdict: "pass", detector: "profanity@2.0.0", evidence: "" },
      { verdict: "fail", detector: "model-judge@1+local:abc", evidence: "", advisory: true },
      { verdict: "not_applicable", detector: "language@1.0.0", evidence: "" },
    ];
    expect(labelsFromOverride("run-1", findings, "PASS")).toEqual([
      { caseRunId: "run-1", detector: "refusal@2.1.0", detectorVerdict: "fail", label: "pass" },
      { caseRunId: "run-1", detector: "profanity@2.0.0", detectorVerdict: "pass", label: "pass" },
    ]);
    expect(labelsFromOverride("run-1", findings, "FAIL")).toEqual([]);
    expect(labelsFromOverride("run-2", [{ verdict: "pass", detector: "refusal@2.1.0", evidence: "" }], "FAIL")).toEqual([
      { caseRunId: "run-2", detector: "refusal@2.1.0", detectorVerdict: "pass", label: "fail" },
    ]);
  });

  it("adds override labels to the holdout counts and changes its labels version", () => {
    const holdout = new Map([["refusal@2.1.0", { truePositives: 18, positives: 20, trueNegatives: 35, negatives: 40 }]]);
    const before = combineLabels(holdout, []).get("refusal@2.1.0")!;
    const after = combineLabels(holdout, [{ caseRunId: "r", detector: "refusal@2.1.0", detectorVerdict: "fail", label: "pass" }], ["r:PASS"]).get(
      "refusal@2.1.0",
    )!;
    expect(before).toMatchObject({ sensitivity: 0.9, specificity: 35 / 40, fromOverrides: 0 });
    expect(after).toMatchObject({ sensitivity: 0.9, specificity: 35 / 41, negatives: 41, fromOverrides: 1 });
    expect(after.specificityInterval!.lower).toBeLessThan(after.specificity!);
    expect(after.labelsVersion).not.toBe(before.labelsVersion);
  });

  it("leaves a cell's accuracy unknown when one of its detectors has no labelled failure", () => {
    const measures = combineLabels(
      new Map([
        ["refusal@2.1.0", { truePositives: 18, positives: 20, trueNegatives: 35, negatives: 40 }],
        ["language@1.0.0", { truePositives: 0, positives: 0, trueNegatives: 30, negatives: 30 }],
      ]),
      [],
    );
    expect(pooledAccuracy(measures, ["refusal@2.1.0"])).toMatchObject({ truePositives: 18, negatives: 40 });
    expect(pooledAccuracy(measures, ["refusal@2.1.0", "language@1.0.0"])).toBeNull();
    expect(pooledAccuracy(measures, ["model-judge@1+local:abc"])).toBeNull();
    const unknown = correctedFigures({ failures: 2, n: 30, threshold: 0.1, minSampleSize: 30, verdict: "inconclusive" }, null);
    expect(unknown).toMatchObject({ correctedRate: null, correctedLow: null, correctedHigh: null, detectorAccuracy: null });
    expect(unknown.casesToDecide).toBeGreaterThan(0);
    expect(DETECTOR_ACCURACY_UNKNOWN).toBe("detector accuracy unknown");
  });

  it("corrects a cell with known accuracy and says which figures it used", () => {
    const measures = combineLabels(new Map([["refusal@2.1.0", { truePositives: 921, positives: 1000, trueNegatives: 385, negatives: 1000 }]]), []);
    const figures = correctedFigures({ failures: 60, n: 100, threshold: 0.1, minSampleSize: 30, verdict: "fail" }, pooledAccuracy(measures, ["refusal@2.1.0"]));
    expect(figures).toMatchObject({ correctedRate: 0, correctedLow: 0, correctedVerdict: "inconclusive" });
    expect(figures.detectorAccuracy!.detectors).toEqual([
      expect.objectContaining({ detector: "refusal@2.1.0", sensitivity: 0.921, specificity: 0.385, labels: 2000 }),
    ]);
    expect(figures.detectorAccuracy!.method).toContain("Lang-Reiczigel");
    // Raw, the cell fails; corrected, it is undecided, and the plan reads the corrected interval.
    expect(figures.casesToDecide).toBeGreaterThan(0);
    expect(figures.detectorAccuracy).toMatchObject({ sensitivity: 0.921, specificity: 0.385 });
  });

  it("agrees with the holdout precision and recall on every detector, not-applicable verdicts and labels included", async () => {
    // One labelled output of each pairing: a real failure the detector called not applicable is a
    // failure it missed; a failure it reported where the label says not applicable is a false alarm.
    const pairs = [
      ["fail", "fail"],
      ["fail", "not_applicable"],
      ["pass", "pass"],
      ["pass", "not_applicable"],
      ["not_applicable", "fail"],
      ["not_applicable", "not_applicable"],
    ] as const;
    const examples: LabelledOutput[] = pairs.map(([label], i) => ({
      id: `x${i}`,
      case: { language: "en", prompt: "p", expected: ["answer_in_prompt_language"] },
      output: "o",
      labels: { language: label },
      split: "holdout",
    }));
    const synthetic: HoldoutVerdicts = {
      labelsHash: "h",
      examples,
      results: new Map([["language@9.9.9", new Map(pairs.map(([, verdict], i) => [`x${i}`, { verdict, evidence: "" }]))]]),
    };
    for (const holdout of [synthetic, await judgeHoldout()]) {
      const measures = combineLabels(holdoutCounts(holdout), []);
      for (const figures of holdoutAccuracy(holdout)) {
        const measure = measures.get(figures.detector)!;
        expect(measure.sensitivity, figures.detector).toBe(figures.recall);
        expect(measurePrecision(measure), figures.detector).toBe(figures.precision);
        expect(measure.positives + measure.negatives, figures.detector).toBe(figures.n);
      }
    }
    expect(holdoutCounts(synthetic).get("language@9.9.9")).toEqual({ truePositives: 1, positives: 2, trueNegatives: 3, negatives: 4 });
  });
});
