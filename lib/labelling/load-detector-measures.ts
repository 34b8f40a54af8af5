// What the detectors page shows: every detector and judge that has labels, its measured sensitivity
// and specificity with their intervals and where its labels came from, and for a judge whether it
// may count under the admin's floor (judge-counting.ts) and why.
import type { Db } from "../db/types";
import { needsReview } from "../detectors/accuracy";
import type { DetectorMeasure } from "../detectors/measured-accuracy";
import { measuredDetectorAccuracy } from "../detectors/override-labels";
import { countingDecision, loadJudgeCountingFloor, type CountingDecision, type JudgeCountingFloor } from "./judge-counting";

export interface DetectorMeasureRow extends DetectorMeasure {
  isJudge: boolean;
  /** Of the failures it reported, the share labelled failures; null when it reported none. */
  precision: number | null;
  /** Precision or recall (sensitivity) below the target, or unmeasured (accuracy.ts needsReview). */
  needsReview: boolean;
  /** A judge's standing against the floor; null for a pure detector, which always counts. */
  counting: CountingDecision | null;
}

export async function loadDetectorMeasures(db: Db): Promise<{ rows: DetectorMeasureRow[]; floor: JudgeCountingFloor }> {
  const [measures, floor] = await Promise.all([measuredDetectorAccuracy(db), loadJudgeCountingFloor(db)]);
  const rows = [...measures.values()]
    .map((measure) => {
      const isJudge = measure.detector.startsWith("model-judge@");
      const precision = measurePrecision(measure);
      return {
        ...measure,
        isJudge,
        precision,
        needsReview: needsReview({ precision, recall: measure.sensitivity }),
        counting: isJudge ? countingDecision(measure.detector, measure, floor) : null,
      };
    })
    .sort((a, b) => Number(a.isJudge) - Number(b.isJudge) || a.detector.localeCompare(b.detector));
  return { rows, floor };
}

/** True positives over everything it called a failure (the labelled passes it failed are negatives less true negatives). */
export function measurePrecision(measure: Pick<DetectorMeasure, "truePositives" | "negatives" | "trueNegatives">): number | null {
  const reported = measure.truePositives + measure.negatives - measure.trueNegatives;
  return reported > 0 ? measure.truePositives / reported : null;
}
