// A detector's figures on the blind holdout, beside the verdicts it produced, so a reader weighs a
// "fail" by how often that detector's fails are real.
import type { DetectorTrust } from "@/lib/detectors/accuracy";
import { detectorFiguresText } from "@/lib/detectors/detector-figures";

export function DetectorTrustNote({ trust }: { trust: DetectorTrust | undefined }) {
  if (!trust) return <span className="muted">not measured for this version</span>;
  return (
    <>
      {detectorFiguresText(trust)}
      {!trust.meetsTarget && (
        <>
          {" "}
          <strong>needs review</strong> (precision or recall below 0.9 on the blind holdout)
          {trust.shortfall && <span className="muted">: {trust.shortfall}</span>}
        </>
      )}
    </>
  );
}
