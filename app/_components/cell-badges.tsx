// How a cell reads at a glance, the same on the matrix, the risk pages and the use pages:
// every colour comes with its word.
import { levelLabel, type Level } from "@/lib/domain/level";
import { appliesLabel, reviewStatusLabel } from "@/lib/domain/vocabulary";
import { evidenceStatusLabel, type EvidenceSummary } from "@/lib/matrix/evidence-status";
import type { CellView } from "@/lib/matrix/cell-view";

export function LevelBadge({ level, score }: { level: Level | null; score?: number | null }) {
  if (!level) return <span className="level level-NONE">not scored</span>;
  return (
    <span className={`level level-${level}`}>
      {levelLabel[level]}
      {score != null && <span aria-label={`score ${score}`}>· {score}</span>}
    </span>
  );
}

export function EvidenceBadge({ evidence }: { evidence: EvidenceSummary }) {
  const rate = evidence.n ? ` ${evidence.failures ?? 0}/${evidence.n}` : "";
  return (
    <span className={`evidence evidence-${evidence.status}`}>
      {evidenceStatusLabel[evidence.status]}
      {rate}
    </span>
  );
}

/** The lines a matrix cell shows: applies, level, evidence, review status. */
export function CellSummary({ cell }: { cell: CellView }) {
  return (
    <>
      <span className="cell-line">
        <span className="cell-applies">{appliesLabel[cell.applies]}</span>
        {cell.applies === "YES" && <LevelBadge level={cell.level} score={cell.score} />}
      </span>
      <span className="cell-line">
        <EvidenceBadge evidence={cell.evidence} />
        <span className="cell-review">{reviewStatusLabel[cell.reviewStatus]}</span>
      </span>
    </>
  );
}
