// The portfolio: every model with its counts of active cells by evidence word, how many of them
// have stale evidence, its open risk acceptances (accepted and not yet expired), and its last
// release. The models index page shows it; each count is read through the one evidence view.
import type { Db } from "../db/types";
import { cellKeySlug } from "../domain/cell-key";
import { loadModelEvidence } from "../evidence/cell-evidence";
import { EVIDENCE_STATUSES, summarizeEvidence, type EvidenceStatus } from "../matrix/evidence-status";

export interface PortfolioModel {
  slug: string;
  name: string;
  risks: number;
  uses: number;
  cells: number;
  byEvidence: Record<EvidenceStatus, number>;
  stale: number;
  openAcceptances: number;
  lastRelease: { version: number; publishedAt: Date } | null;
}

export async function loadPortfolio(db: Db, now = new Date()): Promise<PortfolioModel[]> {
  const models = await db.model.findMany({
    orderBy: { createdAt: "asc" },
    select: {
      slug: true,
      name: true,
      uses: { where: { retiredAt: null }, select: { code: true } },
      risks: {
        where: { retiredAt: null },
        select: {
          code: true,
          cells: { where: { use: { retiredAt: null } }, select: { reviewStatus: true, acceptedUntil: true, use: { select: { code: true } } } },
        },
      },
      releases: { orderBy: { version: "desc" }, take: 1, select: { version: true, publishedAt: true } },
    },
  });
  const portfolio: PortfolioModel[] = [];
  for (const model of models) {
    const evidence = await loadModelEvidence(db, model.slug);
    const byEvidence = Object.fromEntries(EVIDENCE_STATUSES.map((status) => [status, 0])) as Record<EvidenceStatus, number>;
    let openAcceptances = 0;
    let cells = 0;
    for (const risk of model.risks) {
      for (const cell of risk.cells) {
        const key = cellKeySlug(risk.code, cell.use.code);
        byEvidence[summarizeEvidence(evidence.cells[key], evidence.documentedCells.has(key), 0).status] += 1;
        if (cell.reviewStatus === "ACCEPTED" && cell.acceptedUntil && cell.acceptedUntil > now) openAcceptances += 1;
        cells += 1;
      }
    }
    portfolio.push({
      slug: model.slug,
      name: model.name,
      risks: model.risks.length,
      uses: model.uses.length,
      cells,
      byEvidence,
      stale: byEvidence.STALE,
      openAcceptances,
      lastRelease: model.releases[0] ?? null,
    });
  }
  return portfolio;
}
