// Which detectors and model judges "need review": the one rule behind the words on every surface
// that uses their verdicts (the campaign and run pages, a cell's evidence, the card in markdown and
// JSON, the detectors page, the accuracy command). A detector is held to its figures on the blind
// holdout of the labelled outputs (the honest estimate: never tuned on). A model judge cannot be:
// its verdicts on the holdout would need the judging model, so it is held to its human labels
// (labelling queue, confirmed overrides). Below the target in precision or recall, or unmeasured,
// it needs review.
import { measurePrecision, type DetectorMeasure } from "./measured-accuracy";

/** The bar every detector and judge is held to. */
export const ACCURACY_TARGET = 0.9;

/** The figures one detector or judge is held to, and where they come from. */
export interface ReviewFigures {
  /** Of the fails it reported, the share that were real; null when it reported none. */
  precision: number | null;
  /** Of the real fails, the share it reported; null when the labels hold none. */
  recall: number | null;
  /** Labelled outputs behind the figures. */
  n: number;
  source: "blind holdout" | "human labels";
}

/** One detector or judge that needs review, by name@version, and why in words. */
export interface NeedsReview {
  detector: string;
  why: string;
}

/** Whether figures fall short: precision or recall below the target, or not measured (absent, or null). */
export function needsReview(figures: Pick<ReviewFigures, "precision" | "recall"> | undefined): boolean {
  return !figures || !((figures.precision ?? 0) >= ACCURACY_TARGET && (figures.recall ?? 0) >= ACCURACY_TARGET);
}

const isJudge = (detector: string) => detector.startsWith("model-judge@");

/** Why `detector` (name@version) needs review, or null when its figures meet the target. */
export function needsReviewWhy(detector: string, figures: ReadonlyMap<string, ReviewFigures>): string | null {
  const measured = figures.get(detector);
  if (!measured || measured.n === 0) return `not measured on ${isJudge(detector) ? "human labels" : "the blind holdout"}`;
  if (!needsReview(measured)) return null;
  return `precision ${figure(measured.precision)} · recall ${figure(measured.recall)} on the ${measured.source} (n ${measured.n}), below ${ACCURACY_TARGET}`;
}

/** Three places, so a figure just under the target never reads as the target itself ("0.897", not "0.90"). */
function figure(value: number | null): string {
  return value === null ? "–" : value.toFixed(3);
}

/** Of `detectors` (name@version), those that need review, each once, in name order. */
export function detectorsNeedingReview(detectors: Iterable<string>, figures: ReadonlyMap<string, ReviewFigures>): NeedsReview[] {
  return [...new Set(detectors)]
    .filter((detector) => detector !== "model-judge@none")
    .sort()
    .flatMap((detector) => {
      const why = needsReviewWhy(detector, figures);
      return why ? [{ detector, why }] : [];
    });
}

/**
 * The figures each is held to, by name@version: every current detector's on the blind holdout
 * (`holdout`, accuracy.ts holdoutAccuracy), every judge's on its human labels (`measures`,
 * override-labels.ts measuredDetectorAccuracy, where a judge's labels are its own alone).
 */
export function reviewFigures(
  holdout: readonly { detector: string; precision: number | null; recall: number | null; n: number }[],
  measures: ReadonlyMap<string, DetectorMeasure>,
): Map<string, ReviewFigures> {
  const figures = new Map<string, ReviewFigures>();
  for (const { detector, precision, recall, n } of holdout) figures.set(detector, { precision, recall, n, source: "blind holdout" });
  for (const measure of measures.values()) {
    if (!isJudge(measure.detector)) continue;
    const n = measure.positives + measure.negatives;
    figures.set(measure.detector, { precision: measurePrecision(measure), recall: measure.sensitivity, n, source: "human labels" });
  }
  return figures;
}
