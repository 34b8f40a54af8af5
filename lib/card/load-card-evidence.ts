// The evidence an export shows: the cells' current evidence from the one view (lib/evidence), in
// card order, with what each was made under, plus the detectors' measured accuracy. Documents,
// links and attestations are not measurements, so they are not in the table of failure rates;
// `documentedCells` names the cells they back.
import { existsSync } from "node:fs";
import { readNameList } from "../db/json-columns";
import type { Db, DbTransaction } from "../db/types";
import { cellKeyLabel, parseCellKey } from "../domain/cell-key";
import { holdoutAccuracy } from "../detectors/accuracy";
import { loadHoldoutVerdicts } from "../detectors/holdout-verdicts";
import { labelledOutputsPath } from "../detectors/labelled-outputs";
import { type CellEvidence as CellEvidenceView, loadModelEvidence } from "../evidence/cell-evidence";
import type { DetectorAccuracyUsed } from "../evidence/corrected-figures";
import { importedEvidenceLabel } from "../evidence/imported-source";
import { ATTACHABLE_EVIDENCE_KINDS } from "../evidence/attach-evidence";
import { type CardEvidence, type CellEvidence, type DetectorAccuracy, type DocumentedEvidence, UNKNOWN_REVISION, VERDICTS, type Verdict } from "./evidence";

export interface LoadedCardEvidence {
  evidence: CardEvidence;
  /** Cells ("R5×U1") backed by a document, link or attestation. */
  documentedCells: string[];
}

export async function loadCardEvidence(db: Db | DbTransaction, slug: string): Promise<LoadedCardEvidence | null> {
  const model = await db.model.findUnique({
    where: { slug },
    // A retired risk or use has left the card (card-from-db.ts): its cells' evidence stays in the
    // database but is in no format of the card, nor does it make the card's evidence a smoke test.
    select: {
      risks: { where: { retiredAt: null }, select: { code: true, position: true } },
      uses: { where: { retiredAt: null }, select: { code: true, position: true } },
    },
  });
  if (!model) return null;
  const loaded = await loadModelEvidence(db, slug);
  const riskPosition = new Map(model.risks.map((risk) => [risk.code, risk.position]));
  const usePosition = new Map(model.uses.map((use) => [use.code, use.position]));
  const onCard = (riskCode: string, useCode: string) => riskPosition.has(riskCode) && usePosition.has(useCode);
  const inCardOrder = (a: { riskCode: string; useCode: string }, b: { riskCode: string; useCode: string }) =>
    riskPosition.get(a.riskCode)! - riskPosition.get(b.riskCode)! || usePosition.get(a.useCode)! - usePosition.get(b.useCode)!;
  const cells = await cardEvidenceRows(
    db,
    slug,
    Object.values(loaded.cells)
      .filter((view) => onCard(view.riskCode, view.useCode))
      .sort(inCardOrder),
  );
  const documentedCells = [...loaded.documentedCells]
    .map((key) => parseCellKey(key)!)
    .filter((cell) => onCard(cell.riskCode, cell.useCode))
    .map((cell) => cellKeyLabel(cell.riskCode, cell.useCode));
  const documented = (await attachedEvidence(db, slug)).filter((row) => onCard(row.riskCode, row.useCode)).sort(inCardOrder);
  const erroredOnly = Object.values(loaded.erroredOnly)
    .filter((view) => onCard(view.riskCode, view.useCode))
    .sort(inCardOrder)
    .map((view) => ({ risk: view.riskCode, use: view.useCode, errors: view.errors, campaign: sourceName(view), date: view.date }));
  return {
    evidence: {
      cells,
      // Only where there are some: a card without reads as it did before they were recorded.
      ...(erroredOnly.length > 0 ? { erroredOnly } : {}),
      documented: documented.map(({ riskCode, useCode, ...row }) => ({ risk: riskCode, use: useCode, ...row })),
      detectors: await measuredDetectors(db),
      smokeTestModel: cells.some((cell) => cell.smokeTest),
    },
    documentedCells,
  };
}

/** The documents, links and attestations attached to `slug`'s cells, oldest first. */
async function attachedEvidence(db: Db | DbTransaction, slug: string) {
  const rows = await db.evidence.findMany({
    where: { kind: { in: [...ATTACHABLE_EVIDENCE_KINDS] }, cell: { risk: { model: { slug } } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      kind: true,
      title: true,
      url: true,
      body: true,
      createdAt: true,
      cell: { select: { risk: { select: { code: true } }, use: { select: { code: true } } } },
    },
  });
  return rows.map((row) => ({
    riskCode: row.cell.risk.code,
    useCode: row.cell.use.code,
    kind: row.kind as DocumentedEvidence["kind"],
    title: row.title,
    url: row.url,
    body: row.body,
    date: row.createdAt.toISOString(),
  }));
}

/** The campaign, or the other tool's run, that made the evidence, as the card names it. */
function sourceName(view: CellEvidenceView): string {
  return view.campaignName ?? (view.importedFrom ? `imported from ${importedEvidenceLabel(view.importedFrom)}` : view.evidenceId);
}

/** Evidence views of `slug`'s cells as the card writes them, in the order given, with the suite each ran. */
export async function cardEvidenceRows(db: Db | DbTransaction, slug: string, views: CellEvidenceView[]): Promise<CellEvidence[]> {
  const suites = await suitesRun(
    db,
    slug,
    views.map((view) => view.evidenceId),
  );
  return views.map((view) => ({
    risk: view.riskCode,
    use: view.useCode,
    n: view.n,
    failures: view.failures,
    overrides: view.overrides,
    // Only where some errored: a card whose cells have none reads as it did before errors were recorded.
    ...(view.errors > 0 ? { errors: view.errors } : {}),
    wilson: { lower: view.intervalLow, upper: view.intervalHigh },
    threshold: view.threshold,
    verdict: (VERDICTS as readonly string[]).includes(view.verdict) ? (view.verdict as Verdict) : "INCONCLUSIVE",
    campaign: sourceName(view),
    modelRevision: view.modelRevision ?? UNKNOWN_REVISION,
    date: view.date,
    stale: view.stale.length > 0,
    smokeTest: view.smokeTest,
    backend: view.backend,
    servedModel: view.servedModel,
    judge: view.judge,
    judgeServedModel: view.judgeServedModel,
    importedFrom: view.importedFrom && {
      tool: view.importedFrom.tool,
      version: view.importedFrom.toolVersion,
      file: view.importedFrom.fileName,
      sha256: view.importedFrom.sha256,
      testedModel: view.importedFrom.testedModel,
      importedAt: view.importedFrom.importedAt,
    },
    suite: suites.get(view.evidenceId) ?? null,
    needsReview: view.needsReview ?? [],
    ...(view.correctedRate !== undefined ? { correctedRate: view.correctedRate } : {}),
    ...(view.correctedLow != null && view.correctedHigh != null ? { correctedInterval: { lower: view.correctedLow, upper: view.correctedHigh } } : {}),
    ...(view.detectorAccuracy !== undefined ? { detectorAccuracy: view.detectorAccuracy && accuracyUsed(view.detectorAccuracy) } : {}),
  }));
}

/**
 * The suite each campaign's evidence ran, by evidence id: those of its cell's use among the suites
 * its campaign recorded (joined where several), with the suite content hash recorded on the
 * evidence when the campaign wrote it. Not the suites the use holds now: one uploaded since was
 * never run by it. An imported run ran another tool's tests, none of this app's suites: it names
 * its file instead (importedFrom).
 */
async function suitesRun(db: Db | DbTransaction, slug: string, evidenceIds: string[]): Promise<Map<string, NonNullable<CellEvidence["suite"]>>> {
  const [suites, rows] = await Promise.all([
    db.testSuite.findMany({ where: { model: { slug } }, orderBy: { key: "asc" }, select: { key: true, title: true, use: { select: { code: true } } } }),
    db.evidence.findMany({
      where: { id: { in: evidenceIds }, kind: "CAMPAIGN" },
      select: { id: true, suiteHash: true, campaign: { select: { id: true, suiteKeys: true } }, cell: { select: { use: { select: { code: true } } } } },
    }),
  ]);
  const run = new Map<string, NonNullable<CellEvidence["suite"]>>();
  // A campaign writes a row per cell: its suites are read once, not once per row.
  const ranBy = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!row.campaign) continue;
    let ran = ranBy.get(row.campaign.id);
    if (!ran) {
      ran = new Set(readNameList(row.campaign.suiteKeys, "Campaign.suiteKeys"));
      ranBy.set(row.campaign.id, ran);
    }
    const ofUse = suites.filter((suite) => suite.use.code === row.cell.use.code && ran.has(suite.key));
    if (!ofUse.length) continue;
    run.set(row.id, { key: ofUse.map((suite) => suite.key).join("+"), title: ofUse.map((suite) => suite.title).join("; "), hash: row.suiteHash });
  }
  return run;
}

function accuracyUsed(used: DetectorAccuracyUsed): NonNullable<CellEvidence["detectorAccuracy"]> {
  return { sensitivity: used.sensitivity, specificity: used.specificity, detectors: used.detectors.map((measure) => measure.detector) };
}

/**
 * Each detector's agreement with the labels on the holdout split (the tuning split was read while
 * the patterns were written, so only the holdout is an honest estimate). Without the labelled set
 * the card says the accuracy is not measured rather than inventing a figure.
 */
async function measuredDetectors(db: Db | DbTransaction): Promise<DetectorAccuracy[]> {
  if (!existsSync(labelledOutputsPath)) return [];
  return holdoutAccuracy(await loadHoldoutVerdicts(db))
    .filter((measured) => measured.n > 0)
    .map((measured) => {
      const [detector, version] = measured.detector.split("@");
      return {
        detector,
        version: version ?? "unversioned",
        labelledExamples: measured.n,
        accuracy: measured.agreement,
        precision: measured.precision,
        recall: measured.recall,
      };
    });
}
