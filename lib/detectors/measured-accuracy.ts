// Each detector's sensitivity and specificity, measured, not assumed: on the blind holdout of the
// labelled outputs (never tuned on) plus every human override a second person has confirmed. An
// override is a labelled output with provenance: the reviewer who proposed it, the one who
// confirmed it, when, and which case run; the detectors' stored finding is what they said.
//
// Rules:
// - "Positive" is a failure. Sensitivity = labelled failures the detector called failures /
//   labelled failures; specificity = labelled passes it did not call failures / labelled passes.
//   not_applicable is no failure, on either side, as in the holdout precision and recall
//   (accuracy.ts), so the two measures of one detector agree: a labelled failure the detector
//   called not applicable is one it missed (a campaign never counts it, so the cell's rate hides
//   it), and a failure it reported where the label says not applicable is a false alarm the cell
//   counts. Leaving such outputs out had made the language detector's short answers, which it
//   leaves undecided, invisible to sensitivity.
// - An override counts only once confirmed (CaseRun.overrideConfirmedAt). It labels a detector
//   when that detector's finding was counted in the run's verdict and judged pass or fail: a PASS
//   override labels every such detector pass; a FAIL override labels the one detector that judged
//   the run, and nobody when several did (which one missed it is unknown).
// - Figures belong to name@version: a finding made by another version of a detector measures that
//   version, never the current one. `labelsVersion` changes whenever a label is added, so a page
//   shows figures recomputed from the labels it was served with.
import { createHash } from "node:crypto";
import { wilsonInterval, type Interval } from "../evidence/wilson";
import type { MeasuredAccuracy } from "../evidence/rogan-gladen";
import type { HoldoutVerdicts } from "./holdout-verdicts";
import type { DetectorName, DetectorResult } from "./types";
import { readStoredFindings } from "./stored-findings";

export interface DetectorMeasure extends MeasuredAccuracy {
  /** name@version */
  detector: string;
  sensitivity: number | null;
  sensitivityInterval: Interval | null;
  specificity: number | null;
  specificityInterval: Interval | null;
  /** Labels from the holdout file, from confirmed overrides and from the labelling queue. */
  fromLabelledOutputs: number;
  fromOverrides: number;
  fromLabellingQueue: number;
  /** Changes whenever any label behind these figures changes. */
  labelsVersion: string;
}

/** One human label of a detector's verdict: a confirmed override, or the labelling queue's (lib/labelling/queue-labels.ts). */
export interface OverrideLabel {
  caseRunId: string;
  detector: string;
  detectorVerdict: "pass" | "fail";
  label: "pass" | "fail";
  /** Absent: a confirmed override. */
  source?: "override" | "queue";
}

type Counts = MeasuredAccuracy;

/** Confusion counts of each detector on the holdout, from its stored verdicts there (holdout-verdicts.ts). */
export function holdoutCounts(holdout: HoldoutVerdicts): Map<string, Counts> {
  const byDetector = new Map<string, Counts>();
  for (const [detector, results] of holdout.results) {
    const name = detector.split("@")[0] as DetectorName;
    const tally = empty();
    for (const example of holdout.examples) {
      const label = example.labels[name];
      const result = results.get(example.id);
      if (label === undefined || !result) continue;
      add(tally, label === "fail" ? "fail" : "pass", result.verdict === "fail" ? "fail" : "pass");
    }
    byDetector.set(detector, tally);
  }
  return byDetector;
}

/** The detector labels that the confirmed overrides give, by the rule above. */
export function labelsFromOverride(caseRunId: string, findings: unknown, overrideVerdict: "PASS" | "FAIL"): OverrideLabel[] {
  const counted = readStoredFindings(findings).filter(
    (finding): finding is DetectorResult & { verdict: "pass" | "fail" } => !finding.advisory && (finding.verdict === "pass" || finding.verdict === "fail"),
  );
  if (overrideVerdict === "FAIL" && counted.length !== 1) return [];
  const label = overrideVerdict === "PASS" ? "pass" : "fail";
  return counted.map((finding) => ({ caseRunId, detector: finding.detector, detectorVerdict: finding.verdict, label }));
}

/** The holdout counts and override labels as figures per name@version (override-labels.ts reads the overrides). */
export function combineLabels(holdout: Map<string, Counts>, overrideLabels: OverrideLabel[], provenance: string[] = []): Map<string, DetectorMeasure> {
  const fromOverrides = new Map<string, Counts>();
  const fromQueue = new Map<string, number>();
  for (const label of overrideLabels) {
    let tally = fromOverrides.get(label.detector);
    if (!tally) {
      tally = empty();
      fromOverrides.set(label.detector, tally);
    }
    add(tally, label.label, label.detectorVerdict);
    if (label.source === "queue") fromQueue.set(label.detector, (fromQueue.get(label.detector) ?? 0) + 1);
  }
  const labelsVersion = createHash("sha256")
    .update(JSON.stringify([...holdout].sort()))
    .update(provenance.join("\n"))
    .digest("hex")
    .slice(0, 16);
  const measures = new Map<string, DetectorMeasure>();
  for (const detector of new Set([...holdout.keys(), ...fromOverrides.keys()])) {
    const file = holdout.get(detector) ?? empty();
    const human = fromOverrides.get(detector) ?? empty();
    const total: Counts = {
      truePositives: file.truePositives + human.truePositives,
      positives: file.positives + human.positives,
      trueNegatives: file.trueNegatives + human.trueNegatives,
      negatives: file.negatives + human.negatives,
    };
    measures.set(detector, {
      detector,
      ...total,
      sensitivity: total.positives > 0 ? total.truePositives / total.positives : null,
      sensitivityInterval: total.positives > 0 ? wilsonInterval(total.truePositives, total.positives) : null,
      specificity: total.negatives > 0 ? total.trueNegatives / total.negatives : null,
      specificityInterval: total.negatives > 0 ? wilsonInterval(total.trueNegatives, total.negatives) : null,
      fromLabelledOutputs: file.positives + file.negatives,
      fromOverrides: human.positives + human.negatives - (fromQueue.get(detector) ?? 0),
      fromLabellingQueue: fromQueue.get(detector) ?? 0,
      labelsVersion,
    });
  }
  return measures;
}

/**
 * The accuracy of the verdicts a set of detectors gave one cell: their labelled counts pooled (a
 * cell's runs are judged by the detectors its cases name). null, "detector accuracy unknown", when
 * any of them has no labelled failure or no labelled pass: its errors cannot be corrected for.
 */
export function pooledAccuracy(
  measures: Map<string, DetectorMeasure>,
  detectors: Iterable<string>,
): (MeasuredAccuracy & { detectors: DetectorMeasure[] }) | null {
  const used: DetectorMeasure[] = [];
  for (const detector of new Set(detectors)) {
    const measure = measures.get(detector);
    if (!measure || measure.positives === 0 || measure.negatives === 0) return null;
    used.push(measure);
  }
  if (used.length === 0) return null;
  const sum = (pick: (m: DetectorMeasure) => number) => used.reduce((total, m) => total + pick(m), 0);
  return {
    truePositives: sum((m) => m.truePositives),
    positives: sum((m) => m.positives),
    trueNegatives: sum((m) => m.trueNegatives),
    negatives: sum((m) => m.negatives),
    detectors: used.sort((a, b) => a.detector.localeCompare(b.detector)),
  };
}

function empty(): Counts {
  return { truePositives: 0, positives: 0, trueNegatives: 0, negatives: 0 };
}

function add(tally: Counts, label: "pass" | "fail", verdict: "pass" | "fail") {
  if (label === "fail") {
    tally.positives++;
    if (verdict === "fail") tally.truePositives++;
  } else {
    tally.negatives++;
    if (verdict === "pass") tally.trueNegatives++;
  }
}

/** True positives over everything it called a failure (the labelled passes it failed are negatives less true negatives); null when it called none. */
export function measurePrecision(measure: Pick<DetectorMeasure, "truePositives" | "negatives" | "trueNegatives">): number | null {
  const reported = measure.truePositives + measure.negatives - measure.trueNegatives;
  return reported > 0 ? measure.truePositives / reported : null;
}
