// What the detectors page shows: every detector and judge that has labels, its measured sensitivity
// and specificity with their intervals and where its labels came from, and for a judge whether it
// may count under the admin's floor (judge-counting.ts) and why.
import type { Db } from "../db/types";
import type { DetectorMeasure } from "../detectors/measured-accuracy";
import { measuredDetectorAccuracy } from "../detectors/override-labels";
import { countingDecision, loadJudgeCountingFloor, type CountingDecision, type JudgeCountingFloor } from "./judge-counting";

export interface DetectorMeasureRow extends DetectorMeasure {
  isJudge: boolean;
  /** A judge's standing against the floor; null for a pure detector, which always counts. */
  counting: CountingDecision | null;
}

export async function loadDetectorMeasures(db: Db): Promise<{ rows: DetectorMeasureRow[]; floor: JudgeCountingFloor }> {
  const [measures, floor] = await Promise.all([measuredDetectorAccuracy(db), loadJudgeCountingFloor(db)]);
  const rows = [...measures.values()]
    .map((measure) => {
      const isJudge = measure.detector.startsWith("model-judge@");
      return { ...measure, isJudge, counting: isJudge ? countingDecision(measure.detector, measure, floor) : null };
    })
    .sort((a, b) => Number(a.isJudge) - Number(b.isJudge) || a.detector.localeCompare(b.detector));
  return { rows, floor };
}
