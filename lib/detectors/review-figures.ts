// The figures needs-review.ts holds each detector and judge to, read now: the current detectors'
// stored verdicts on the blind holdout (read once per process per labels file) and the judges'
// human labels.
import type { Db, DbTransaction } from "../db/types";
import { holdoutAccuracy } from "./accuracy";
import { loadHoldoutVerdicts } from "./holdout-verdicts";
import type { DetectorMeasure } from "./measured-accuracy";
import { reviewFigures, type ReviewFigures } from "./needs-review";
import { measuredDetectorAccuracy } from "./override-labels";

/** `measures`: the labels' figures when the caller has read them already (the evidence view has). */
export async function loadReviewFigures(db: Db | DbTransaction, measures?: ReadonlyMap<string, DetectorMeasure>): Promise<Map<string, ReviewFigures>> {
  const [holdout, labelled] = await Promise.all([loadHoldoutVerdicts(db), measures ?? measuredDetectorAccuracy(db)]);
  return reviewFigures(holdoutAccuracy(holdout), labelled);
}
