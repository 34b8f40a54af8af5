// The gaps of a release grouped under their reason (lib/releases/describe-gap.ts gapsByReason): a card with 53 cells
// nobody has assessed reads as that reason once over its 53 cells. Each cell keeps its names beside its code.
import { gapsByReason, type ReleaseGap } from "@/lib/releases/describe-gap";

export function ReleaseGapList({ gaps, label }: { gaps: ReleaseGap[]; label: string }) {
  return (
    <ul aria-label={label}>
      {gapsByReason(gaps).map(({ reason, gaps: cells }) => (
        <li key={reason}>
          <strong>{reason}</strong> ({cells.length} cell{cells.length === 1 ? "" : "s"})
          <ul className="small">
            {cells.map((gap) => (
              <li key={gap.cell}>
                {gap.cell} {gap.names && <span className="muted">{gap.names}</span>}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
