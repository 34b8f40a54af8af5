// The one view of what backs a cell, read by every page, export and gate: the cell's current
// campaign or imported evidence (current-evidence.ts says which), with its counts, Wilson interval, verdict,
// why it is stale, and what it was made under as recorded on the Evidence row when it was written
// (revision, smoke-test model or not, backend, judge). Plain data, so it crosses into client
// components unchanged. Reading it opens no checkpoint.
import type { Prisma } from "../db/generated/sqlite/client";
import type { Db, DbTransaction } from "../db/types";
import { cellKeyLabel, cellKeySlug, inMatrixOrder } from "../domain/cell-key";
import { cellVerdictOf, readCellVerdict, type CellVerdict } from "../domain/verdicts";
import { detectorsNeedingReview, type NeedsReview } from "../detectors/needs-review";
import { loadReviewFigures } from "../detectors/review-figures";
import { cellDetectors, currentDetectorMeasures, loadCorrectedFigures, type DetectorAccuracyUsed } from "./corrected-figures";
import { currentCampaignEvidence, erroredOnlyEvidence, evidenceDate } from "./current-evidence";
import { importedRunDate, type ImportedSource, namesAnotherModel } from "./imported-source";
import { loadCurrentHashes } from "./current-hashes";
import { staleReasons, type StaleReason } from "./stale-reasons";
import { describeServedModel, recordedJudgeServedModels, recordedServedModel } from "../campaigns/runner/served-model";
import type { CampaignRow } from "../campaigns/settings/campaign-row";
import { verdictFor } from "./wilson";

export interface CellEvidence {
  /** "R3-U2" (lib/domain/cell-key.ts). */
  key: string;
  /** "R3×U2". */
  label: string;
  riskCode: string;
  useCode: string;
  evidenceId: string;
  campaignId: string | null;
  campaignName: string | null;
  /** The other tool's run it was imported from; null for a campaign's evidence. */
  importedFrom: ImportedSource | null;
  n: number;
  passes: number;
  failures: number;
  overrides: number;
  /** Cases that ended in an error, neither passed nor failed: not part of n, and said beside it. */
  errors: number;
  rate: number | null;
  intervalLow: number;
  intervalHigh: number;
  /** The verdict that counts: from the corrected interval when the detectors' accuracy is known, else rawVerdict. */
  verdict: CellVerdict;
  /** From the raw rate's Wilson interval. */
  rawVerdict?: CellVerdict;
  threshold: number;
  minSampleSize: number;
  /** Empty when the evidence was made under the current model, suite, detectors and settings. */
  stale: StaleReason[];
  /** Made by the generated tiny model: its outputs are noise, the evidence only shows the pipeline works. */
  smokeTest: boolean;
  modelRevision: string | null;
  /** "local" (this engine) or "openai" (endpoint, servedModel and declaredRevision say which). */
  backend: string | null;
  endpoint: string | null;
  servedModel: string | null;
  declaredRevision: string | null;
  /** The model judge whose verdicts counted, "kind@revision"; null when only detectors judged. */
  judge: string | null;
  /**
   * What the endpoint of each counted judge behind a serving target said at /v1/models that it served, as its campaign
   * recorded it: "target: model (root ...)", joined by "; "; null where no such judge counted, or none was recorded.
   */
  judgeServedModel: string | null;
  /**
   * ISO time it was measured (current-evidence.ts evidenceDate): when the campaign first completed, or when
   * the imported run ran by its tool's record (importedFrom.importedAt is the import's); null for an
   * imported run whose file gives no date. An override never moves it.
   */
  date: string | null;
  /** Filled by the detector-error statistics (corrected-figures.ts); null: "detector accuracy unknown". */
  correctedRate?: number | null;
  correctedLow?: number | null;
  correctedHigh?: number | null;
  detectorAccuracy?: DetectorAccuracyUsed | null;
  /** More cases at the current rate that would decide an inconclusive cell; null when decided or none would. */
  casesToDecide?: number | null;
  /** The detectors and counted judges behind it that need review (lib/detectors/needs-review.ts), with why; empty for imported evidence. */
  needsReview?: NeedsReview[];
}

export interface ModelEvidence {
  /** By cell key ("R3-U2"); cells without campaign evidence are absent. */
  cells: Record<string, CellEvidence>;
  /** Keys of cells backed by a document, link or attestation (not measurements): asked of every cell of a matrix. */
  documentedCells: ReadonlySet<string>;
  /** How many pieces of evidence of any kind each cell has, by key. */
  counts: Record<string, number>;
  /** Cells without current evidence whose newest run judged none of its cases, every one errored (erroredOnlyEvidence), by key: shown, never counted. */
  erroredOnly: Record<string, CellEvidence>;
}

export async function loadModelEvidence(db: Db | DbTransaction, modelSlug: string): Promise<ModelEvidence> {
  const model = await db.model.findUnique({ where: { slug: modelSlug }, select: { id: true } });
  if (!model) return { cells: {}, documentedCells: new Set(), counts: {}, erroredOnly: {} };
  const [rows, current] = await Promise.all([
    db.evidence.findMany({ where: { cell: { risk: { modelId: model.id } } }, include: EVIDENCE_INCLUDE }).then((found) => found.map(withServedRoot)),
    loadCurrentHashes(db, model.id),
  ]);
  const byCell = new Map<string, typeof rows>();
  for (const row of rows) {
    const key = cellKeySlug(row.cell.risk.code, row.cell.use.code);
    const cellRows = byCell.get(key);
    if (cellRows) cellRows.push(row);
    else byCell.set(key, [row]);
  }
  const cells: Record<string, CellEvidence> = {};
  const documentedCells = new Set<string>();
  const counts: Record<string, number> = {};
  const erroredOnly: Record<string, CellEvidence> = {};
  for (const [key, cellRows] of byCell) {
    counts[key] = cellRows.length;
    if (cellRows.some((row) => row.kind !== "CAMPAIGN" && row.kind !== "IMPORT")) documentedCells.add(key);
    const chosen = currentCampaignEvidence(cellRows, cellRows[0].cell.use.code, current);
    const errored = chosen ? null : erroredOnlyEvidence(cellRows);
    if (chosen) cells[key] = cellEvidenceOf(chosen.evidence, chosen.stale);
    else if (errored) erroredOnly[key] = cellEvidenceOf(errored, []);
  }
  await fillCorrectedFigures(db, Object.values(cells));
  return { cells, documentedCells, counts, erroredOnly };
}

/**
 * One campaign's own evidence, every cell it wrote, in the same view: for a cell whose current
 * evidence is this campaign's, exactly what the matrix shows; for the others, what the campaign
 * measured, with why it is stale. Empty until the campaign completes and writes its evidence.
 */
export async function loadCampaignEvidence(db: Db | DbTransaction, campaignId: string): Promise<CellEvidence[]> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { modelId: true } });
  if (!campaign) return [];
  const [rows, current] = await Promise.all([
    // A cell whose every run errored has a row too (source-evidence-rows.ts), judging nothing: the campaign's page lists it apart.
    db.evidence.findMany({ where: { campaignId, kind: "CAMPAIGN", n: { gt: 0 } }, include: EVIDENCE_INCLUDE }).then((found) => found.map(withServedRoot)),
    loadCurrentHashes(db, campaign.modelId),
  ]);
  const cells = rows.map((row) => cellEvidenceOf(row, staleReasons(row, row.cell.use.code, current)));
  await fillCorrectedFigures(db, cells);
  return cells.sort(inMatrixOrder);
}

const EVIDENCE_INCLUDE = {
  campaign: { select: { name: true, status: true, servedModel: true, judgeServedModels: true } },
  externalImport: {
    select: {
      id: true,
      tool: true,
      toolVersion: true,
      fileName: true,
      sha256: true,
      testedModel: true,
      complete: true,
      revisionDeclared: true,
      model: { select: { slug: true, name: true } },
      createdAt: true,
      startedAt: true,
      completedAt: true,
    },
  },
  cell: { select: { failureThreshold: true, minSampleSize: true, risk: { select: { code: true } }, use: { select: { code: true } } } },
} satisfies Prisma.EvidenceInclude;

type EvidenceRow = Prisma.EvidenceGetPayload<{ include: typeof EVIDENCE_INCLUDE }>;

/** The row with the root its endpoint's /v1/models gave, as its campaign recorded it: stale-reasons.ts holds the claim to it. */
function withServedRoot(row: EvidenceRow): EvidenceRow & { servedRoot: string | null } {
  const recorded = row.campaign ? recordedServedModel({ servedModel: row.campaign.servedModel as CampaignRow["servedModel"] }) : null;
  return { ...row, servedRoot: recorded?.root ?? null };
}

/** An Evidence row as the view shows it, before the corrected figures are filled in. */
function cellEvidenceOf(row: EvidenceRow, stale: StaleReason[]): CellEvidence {
  const n = row.n ?? 0;
  return {
    key: cellKeySlug(row.cell.risk.code, row.cell.use.code),
    label: cellKeyLabel(row.cell.risk.code, row.cell.use.code),
    riskCode: row.cell.risk.code,
    useCode: row.cell.use.code,
    evidenceId: row.id,
    campaignId: row.campaignId,
    campaignName: row.campaign?.name ?? null,
    importedFrom: row.externalImport && importedSourceOf(row.externalImport),
    n,
    passes: row.passes ?? 0,
    failures: row.failures ?? 0,
    overrides: row.overrides ?? 0,
    errors: row.errors ?? 0,
    rate: n > 0 ? (row.failures ?? 0) / n : null,
    intervalLow: row.intervalLow ?? 0,
    intervalHigh: row.intervalHigh ?? 1,
    // Judged against the cell's threshold as it is now: a threshold set after the campaign applies to its counts.
    verdict:
      n > 0
        ? cellVerdictOf(verdictFor({ failures: row.failures ?? 0, n, threshold: row.cell.failureThreshold, minSampleSize: row.cell.minSampleSize }).verdict)
        : readCellVerdict(row.verdict),
    threshold: row.cell.failureThreshold,
    minSampleSize: row.cell.minSampleSize,
    stale,
    smokeTest: row.smokeTest,
    modelRevision: row.modelRevision,
    backend: row.backend,
    endpoint: row.endpoint,
    servedModel: row.servedModel,
    declaredRevision: row.declaredRevision,
    judge: row.judge,
    judgeServedModel: row.campaign && row.judge ? judgeServedModelOf(row.campaign) : null,
    date: evidenceDate(row)?.toISOString() ?? null,
  };
}

function judgeServedModelOf(campaign: { judgeServedModels: unknown }): string | null {
  const recorded = Object.entries(recordedJudgeServedModels(campaign)).sort(([a], [b]) => a.localeCompare(b));
  return recorded.length > 0 ? recorded.map(([target, served]) => `${target}: ${describeServedModel(served)}`).join("; ") : null;
}

function importedSourceOf({ createdAt, startedAt, completedAt, model, ...source }: NonNullable<EvidenceRow["externalImport"]>): ImportedSource {
  const dated = importedRunDate({ startedAt, completedAt }, createdAt);
  return {
    ...source,
    testedAnotherModel: namesAnotherModel(source.testedModel, model),
    runTimeZoneRecorded: dated.date === null || dated.zoneRecorded,
    importedAt: createdAt.toISOString(),
  };
}

/** The corrected rate, the accuracy it used, the verdict it gives and the plan, and which of its detectors and judges need review, on each cell. */
async function fillCorrectedFigures(db: Db | DbTransaction, views: CellEvidence[]) {
  if (views.length === 0) return;
  const measures = await currentDetectorMeasures(db);
  const [figures, review] = await Promise.all([loadCorrectedFigures(db, views, measures), loadReviewFigures(db, measures)]);
  for (const cell of views) {
    cell.needsReview = cell.campaignId
      ? detectorsNeedingReview((await cellDetectors(db, cell.campaignId)).get(`${cell.riskCode}|${cell.useCode}`) ?? [], review)
      : [];
    const figure = figures.get(cell.key);
    if (!figure) continue;
    cell.rawVerdict = cell.verdict;
    cell.verdict = cellVerdictOf(figure.verdict);
    cell.correctedRate = figure.correctedRate;
    cell.correctedLow = figure.correctedLow;
    cell.correctedHigh = figure.correctedHigh;
    cell.detectorAccuracy = figure.detectorAccuracy;
    cell.casesToDecide = figure.casesToDecide;
  }
}

/** The cells' current campaign evidence, by key ("R3-U2"). */
export async function loadCellEvidence(db: Db | DbTransaction, modelSlug: string): Promise<Record<string, CellEvidence>> {
  return (await loadModelEvidence(db, modelSlug)).cells;
}
