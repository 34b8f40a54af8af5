// The evidence an export shows, read from the Evidence table: per cell the newest campaign
// aggregate, flagged stale when the model, suite, detectors or settings it was made under are no
// longer the current ones, plus the detectors' measured accuracy. Documents, links and
// attestations are not measurements, so they are not in the table of failure rates;
// `documentedCells` names the cells they back.
import { existsSync } from "node:fs";
import { loadCurrentHashes, staleReasons } from "../campaigns/stale";
import type { Db } from "../db/types";
import { detectorAccuracy, labelledOutputsPath } from "../detectors/accuracy";
import { cellName } from "./card-layout";
import { type CardEvidence, type CellEvidence, type DetectorAccuracy, type Verdict, VERDICTS } from "./evidence";

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

  return { evidence: { cells, detectors: await measuredDetectors(), smokeTestModel: model.isSmokeTestModel }, documentedCells: [...documentedCells] };
}

/**
 * Each detector's agreement with the labels on the holdout split (the tuning split was read while
 * the patterns were written, so only the holdout is an honest estimate). Without the labelled set
 * on this machine the card says the accuracy is not measured rather than inventing a figure.
 */
async function measuredDetectors(): Promise<DetectorAccuracy[]> {
  if (!existsSync(labelledOutputsPath)) return [];
  return (await detectorAccuracy("holdout"))
    .filter((measured) => measured.n > 0)
    .map((measured) => {
      const [detector, version] = measured.detector.split("@");
      return { detector, version: version ?? "unversioned", labelledExamples: measured.n, accuracy: measured.agreement };
    });
}

/** Campaign rows store the verdict in lower case; anything unreadable is not a pass. */
function verdictOf(stored: string | null): Verdict {
  const verdict = (stored ?? "").toUpperCase();
  return (VERDICTS as readonly string[]).includes(verdict) ? (verdict as Verdict) : "INCONCLUSIVE";
}
