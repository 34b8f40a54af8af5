// A detector's figures on the blind holdout beside the verdicts it produced, so a reader weighs a
// "fail" by how often that detector's fails are real, and "needs review" where the one rule
// (lib/detectors/needs-review.ts) says so, with why: a judge, which has no holdout, by its labels.
import type { DetectorTrust } from "@/lib/detectors/accuracy";
import { detectorFiguresText } from "@/lib/detectors/detector-figures";

export function DetectorTrustNote({ trust, review }: { trust: DetectorTrust | undefined; review: string | null }) {
  return (
    <>
      {trust ? detectorFiguresText(trust) : <span className="muted">no holdout figures for this version</span>}
      {review && (
        <>
          {" "}
          <strong data-testid="needs-review">needs review</strong> ({review}){trust?.shortfall && <span className="muted">: {trust.shortfall}</span>}
        </>
      )}
    </>
  );
}
