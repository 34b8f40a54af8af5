// A detector's precision and recall on the blind holdout, beside the verdicts it produced, so a
// reader weighs a "fail" by how often that detector's fails are real.
import type { DetectorTrust } from "@/lib/detectors/accuracy";

const figure = (value: number | null) => (value === null ? "–" : value.toFixed(2));

export function DetectorTrustNote({ trust }: { trust: DetectorTrust | undefined }) {
  if (!trust) return <span className="muted">not measured for this version</span>;
  return (
    <>
      precision {figure(trust.precision)} · recall {figure(trust.recall)} <span className="muted">(n {trust.n}, blind holdout)</span>
      {!trust.meetsTarget && (
        <>
          {" "}
          <strong>below 0.9</strong>
          {trust.shortfall && <span className="muted">: {trust.shortfall}</span>}
        </>
      )}
    </>
  );
}
