// A model's card facts and the numbers that describe its matrix. Every count is computed from the
// stored rows, never taken from the card's prose.
import type { Db } from "../db/types";
import { loadModelEvidence, type CellEvidence } from "../evidence/cell-evidence";
import { cellKeySlug } from "../domain/cell-key";
import { LEVELS, type Level } from "../domain/level";
import { APPLIES, REVIEW_STATUSES, type Applies, type ReviewStatus } from "../domain/vocabulary";
import { activeCellsOf } from "../matrix/active-cells";
import { cellViewInclude, toCellView } from "../matrix/cell-view";
import { EVIDENCE_STATUSES, type EvidenceStatus } from "../matrix/evidence-status";

export interface StorageChangeFact {
  title: string;
  text: string;
}

export interface ModelOverview {
  slug: string;
  name: string;
  description: string;
  storageChanges: StorageChangeFact[];
  developer: string;
  modelType: string;
  languages: string[];
  library: string;
  license: string;
  contact: string;
  trainingData: string;
  intendedUses: string;
  checkpoint: string | null;
  revisionHash: string | null;
  isSmokeTestModel: boolean;
  /** The current evidence of the matrix's cells, in its order (risks by position), and its uses in theirs: what the evidence chart draws. */
  measured: { cells: CellEvidence[]; uses: { code: string; purpose: string }[] };
  counts: {
    risks: number;
    uses: number;
    cells: number;
    mitigations: number;
    byApplies: Record<Applies, number>;
    /** Among cells that apply: how many at each level, and how many not yet scored. */
    byLevel: Record<Level | "UNSCORED", number>;
    byReviewStatus: Record<ReviewStatus, number>;
    byEvidence: Record<EvidenceStatus, number>;
    /** Cells whose current evidence the generated tiny model made: still there after a switch to a real checkpoint. */
    smokeTestCells: number;
  };
}

export async function loadModelOverview(db: Db, slug: string): Promise<ModelOverview | null> {
  const model = await db.model.findUnique({
    where: { slug },
    // Retired risks and uses have left the matrix (their cells are kept): the counts are the matrix's.
    include: {
      _count: { select: { risks: { where: { retiredAt: null } }, uses: { where: { retiredAt: null } }, mitigations: { where: { retiredAt: null } } } },
      uses: { where: { retiredAt: null }, orderBy: { position: "asc" }, select: { code: true, purpose: true } },
    },
  });
  if (!model) return null;
  const evidence = await loadModelEvidence(db, slug);
  // The tallies are the model's own: a base's evidence counts toward none of them.
  const cells = (await db.cell.findMany({ where: activeCellsOf(model.id), include: cellViewInclude, orderBy: { risk: { position: "asc" } } })).map((cell) =>
    toCellView(cell, evidence, null),
  );

  const byApplies = tally(
    APPLIES,
    cells.map((cell) => cell.applies),
  );
  const applying = cells.filter((cell) => cell.applies === "YES");
  const byLevel = tally(
    [...LEVELS, "UNSCORED"] as const,
    applying.map((cell) => cell.level ?? "UNSCORED"),
  );
  const byReviewStatus = tally(
    REVIEW_STATUSES,
    cells.map((cell) => cell.reviewStatus),
  );
  const byEvidence = tally(
    EVIDENCE_STATUSES,
    cells.map((cell) => cell.evidence.status),
  );

  return {
    slug: model.slug,
    name: model.name,
    description: model.description,
    storageChanges: asStorageChanges(model.storageChanges),
    developer: model.developer,
    modelType: model.modelType,
    languages: Array.isArray(model.languages) ? model.languages.map(String) : [],
    library: model.library,
    license: model.license,
    contact: model.contact,
    trainingData: model.trainingData,
    intendedUses: model.intendedUses,
    checkpoint: model.checkpointPath ?? model.checkpointEndpoint,
    revisionHash: model.revisionHash,
    isSmokeTestModel: model.isSmokeTestModel,
    measured: {
      cells: cells.flatMap((cell) => evidence.cells[cellKeySlug(cell.riskCode, cell.useCode)] ?? []),
      uses: model.uses,
    },
    counts: {
      risks: model._count.risks,
      uses: model._count.uses,
      mitigations: model._count.mitigations,
      cells: cells.length,
      byApplies,
      byLevel,
      byReviewStatus,
      byEvidence,
      smokeTestCells: cells.filter((cell) => cell.evidence.smokeTest).length,
    },
  };
}

function tally<K extends string>(keys: readonly K[], values: K[]): Record<K, number> {
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const value of values) counts[value] += 1;
  return counts;
}

function asStorageChanges(value: unknown): StorageChangeFact[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => ({ title: String(item?.title ?? ""), text: String(item?.text ?? "") }));
}
