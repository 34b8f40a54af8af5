// The evidence an export shows, read from the Evidence table: per cell the newest campaign
// aggregate, flagged stale when the model, suite, detectors or settings it was made under are no
// longer the current ones. Documents, links and attestations are not measurements, so they are
// not in the table of failure rates; `documentedCells` names the cells they back.
import { loadCurrentHashes, staleReasons } from "../campaigns/stale";
import type { Db } from "../db/types";
import { cellName } from "./card-layout";
import { type CardEvidence, type CellEvidence, type Verdict, VERDICTS } from "./evidence";

export interface LoadedCardEvidence {
  evidence: CardEvidence;
  /** Cells ("R5 x U1") backed by a document, link or attestation. */
  documentedCells: string[];
}

export async function loadCardEvidence(db: Db, slug: string): Promise<LoadedCardEvidence | null> {
  const model = await db.model.findUnique({ where: { slug }, select: { id: true, isSmokeTestModel: true } });
  if (!model) return null;
  const [rows, current] = await Promise.all([
    db.evidence.findMany({
      where: { cell: { risk: { modelId: model.id } } },
      orderBy: { createdAt: "desc" },
      include: {
        campaign: { select: { name: true, finishedAt: true } },
        cell: { select: { failureThreshold: true, risk: { select: { code: true, position: true } }, use: { select: { code: true, position: true } } } },
      },
    }),
    loadCurrentHashes(db, model.id),
  ]);

  const newestPerCell = new Map<string, (typeof rows)[number]>();
  const documentedCells = new Set<string>();
  for (const row of rows) {
    const cell = cellName(row.cell.risk.code, row.cell.use.code);
    if (row.kind !== "CAMPAIGN") documentedCells.add(cell);
    // A campaign that judged no sample measured nothing: the cell stays untested.
    else if (row.n && !newestPerCell.has(cell)) newestPerCell.set(cell, row);
  }

  const cells: CellEvidence[] = [...newestPerCell.values()]
    .sort((a, b) => a.cell.risk.position - b.cell.risk.position || a.cell.use.position - b.cell.use.position)
    .map((row) => ({
      risk: row.cell.risk.code,
      use: row.cell.use.code,
      n: row.n!,
      failures: row.failures ?? 0,
      wilson: { lower: row.intervalLow ?? 0, upper: row.intervalHigh ?? 1 },
      threshold: row.cell.failureThreshold,
      verdict: verdictOf(row.verdict),
      campaign: row.campaign?.name ?? (row.title || row.id),
      modelRevision: row.modelRevision ?? "unknown",
      date: (row.campaign?.finishedAt ?? row.createdAt).toISOString(),
      stale: staleReasons(row, row.cell.use.code, current).length > 0,
    }));

  // TODO(detectors helper): fill `detectors` from lib/detectors/accuracy.ts once it exists; until
  // then the card says the detectors' accuracy is not measured, which is the truth.
  return { evidence: { cells, detectors: [], smokeTestModel: model.isSmokeTestModel }, documentedCells: [...documentedCells] };
}

/** Campaign rows store the verdict in lower case; anything unreadable is not a pass. */
function verdictOf(stored: string | null): Verdict {
  const verdict = (stored ?? "").toUpperCase();
  return (VERDICTS as readonly string[]).includes(verdict) ? (verdict as Verdict) : "INCONCLUSIVE";
}
