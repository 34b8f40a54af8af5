// What the detectors page shows: every detector and judge that has labels, its measured sensitivity
// and specificity with their intervals and where its labels came from, and for a judge whether it
// may count under the admin's floor (judge-counting.ts) and why.
import type { Db } from "../db/types";
import { measurePrecision, type DetectorMeasure } from "../detectors/measured-accuracy";
import { needsReviewWhy } from "../detectors/needs-review";
import { loadReviewFigures } from "../detectors/review-figures";
import { measuredDetectorAccuracy } from "../detectors/override-labels";
import { countingDecision, loadJudgeCountingFloor, type CountingDecision, type JudgeCountingFloor } from "./judge-counting";

export interface DetectorMeasureRow extends DetectorMeasure {
  isJudge: boolean;
  /** Of the failures it reported, the share labelled failures; null when it reported none. */
  precision: number | null;
  /** Why it needs review (needs-review.ts: a detector by its blind holdout figures, a judge by its labels); null when it meets the target. */
  needsReview: string | null;
  /** A judge's standing against the floor; null for a pure detector, which always counts. */
  counting: CountingDecision | null;
}

export async function loadDetectorMeasures(db: Db): Promise<{ rows: DetectorMeasureRow[]; floor: JudgeCountingFloor }> {
  const [measures, floor] = await Promise.all([measuredDetectorAccuracy(db), loadJudgeCountingFloor(db)]);
  const review = await loadReviewFigures(db, measures);
  const rows = [...measures.values()]
    .map((measure) => {
      const isJudge = measure.detector.startsWith("model-judge@");
      const precision = measurePrecision(measure);
      return {
        ...measure,
        isJudge,
        precision,
        needsReview: needsReviewWhy(measure.detector, review),
        counting: isJudge ? countingDecision(measure.detector, measure, floor) : null,
      };
    })
    .sort((a, b) => Number(a.isJudge) - Number(b.isJudge) || a.detector.localeCompare(b.detector));
  return { rows, floor };
}
