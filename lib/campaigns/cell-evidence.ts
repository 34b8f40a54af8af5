// Moved to lib/evidence/cell-evidence.ts, which owns the view. This adapter keeps the old shape
// ("R1|U2" keys, lower-case verdicts) only while work in flight (the top-up) still reads it.
import type { Db } from "../db/types";
import { loadCellEvidence as loadEvidenceView, type CellEvidence } from "../evidence/cell-evidence";
import type { CellVerdict } from "../evidence/wilson";

export type CellEvidenceView = Omit<CellEvidence, "verdict"> & { verdict: CellVerdict; createdAt: string };

export async function loadCellEvidence(db: Db, modelSlug: string): Promise<Record<string, CellEvidenceView>> {
  const views = Object.values(await loadEvidenceView(db, modelSlug));
  return Object.fromEntries(
    views.map((view) => [`${view.riskCode}|${view.useCode}`, { ...view, verdict: view.verdict.toLowerCase() as CellVerdict, createdAt: view.date }]),
  );
}
