// The figures a cell shows beside its raw rate: the rate corrected for its detectors' measured
// error (see rogan-gladen.ts for the estimate, the interval and the verdict rule), which detector
// accuracy was used, and how many more cases would decide the cell (see sample-size.ts).
//
// Rule: the detectors of a cell are those its campaign's cases in that cell name (plus the
// campaign's model judges whose verdicts count), at the current versions; their holdout and
// confirmed-override labels are pooled (lib/detectors/measured-accuracy.ts). When any of them has
// no labels of both kinds, the corrected figures are null and the cell says "detector accuracy
// unknown"; its verdict is then the raw Wilson one. That choice is made once, in correctedFigures
// (its `verdict`): the pages and exports (cell-evidence.ts) and the campaign command's gate
// (aggregateCampaignCorrected) all read it there, so they cannot disagree.
import { storedJudges } from "../campaigns/settings/campaign-row";
import { countedJudgeVersions } from "../campaigns/settings/detectors-hash";
import type { Db, DbTransaction } from "../db/types";
import { cellKeySlug } from "../domain/cell-key";
import { pooledAccuracy, type DetectorMeasure } from "../detectors/measured-accuracy";
import { measuredDetectorAccuracy } from "../detectors/override-labels";
import { DETECTORS } from "../detectors/registry";
export { DETECTOR_ACCURACY_UNKNOWN } from "./rogan-gladen";
import { CORRECTED_INTERVAL_METHOD, correctedRate, correctedVerdict, type MeasuredAccuracy } from "./rogan-gladen";
import { casesToDecide } from "./sample-size";
import type { CellVerdict } from "./wilson";
import { readNameList } from "../db/json-columns";
import { firstRunOfEachCase } from "../campaigns/start/write-campaign-runs";
import { aggregateCampaign } from "./campaign-aggregate";
import type { CellAggregate } from "./cell-tally";

/** The accuracy a cell's correction used: each detector's figures and the labels they came from. */
export interface DetectorAccuracyUsed {
  /** The pooled figures the correction used. */
  sensitivity: number;
  specificity: number;
  method: string;
  labelsVersion: string;
  detectors: {
    detector: string;
    sensitivity: number;
    specificity: number;
    sensitivityLow: number;
    sensitivityHigh: number;
    specificityLow: number;
    specificityHigh: number;
    labels: number;
    fromOverrides: number;
  }[];
}

export interface CorrectedFigures {
  /** null: detector accuracy unknown. */
  correctedRate: number | null;
  correctedLow: number | null;
  correctedHigh: number | null;
  /** The verdict read from the corrected interval; null when accuracy is unknown. */
  correctedVerdict: CellVerdict | null;
  /** The verdict that counts: correctedVerdict when the detectors' accuracy is known, else the raw one. */
  verdict: CellVerdict;
  detectorAccuracy: DetectorAccuracyUsed | null;
  /** More cases at the current rate that would decide an inconclusive or untested cell; null otherwise or when none would. */
  casesToDecide: number | null;
}

export interface CellCounts {
  failures: number;
  n: number;
  threshold: number;
  minSampleSize: number;
  /** The raw verdict, in either case: only inconclusive and untested cells get a plan. */
  verdict: CellVerdict | Uppercase<CellVerdict>;
}

/** The corrected figures of one cell, given the pooled accuracy of its detectors (null: unknown). */
export function correctedFigures(counts: CellCounts, accuracy: (MeasuredAccuracy & { detectors: DetectorMeasure[] }) | null): CorrectedFigures {
  const corrected = accuracy && counts.n > 0 ? correctedRate(counts.failures, counts.n, accuracy) : null;
  const verdict = corrected ? correctedVerdict(corrected, counts) : null;
  // The plan reads the interval the verdict reads: the corrected one when the accuracy is known.
  const decidingVerdict = verdict ?? (counts.verdict.toLowerCase() as CellVerdict);
  const undecided = decidingVerdict === "inconclusive" || decidingVerdict === "untested";
  return {
    correctedRate: corrected?.rate ?? null,
    correctedLow: corrected?.lower ?? null,
    correctedHigh: corrected?.upper ?? null,
    correctedVerdict: verdict,
    verdict: decidingVerdict,
    detectorAccuracy: corrected && accuracy ? accuracyUsed(corrected, accuracy.detectors) : null,
    casesToDecide: undecided ? casesToDecide({ ...counts, accuracy: corrected ? accuracy : null }) : null,
  };
}

function accuracyUsed(pooled: { sensitivity: number; specificity: number }, detectors: DetectorMeasure[]): DetectorAccuracyUsed {
  return {
    sensitivity: pooled.sensitivity,
    specificity: pooled.specificity,
    method: CORRECTED_INTERVAL_METHOD,
    labelsVersion: detectors[0]?.labelsVersion ?? "",
    detectors: detectors.map((m) => ({
      detector: m.detector,
      sensitivity: m.sensitivity!,
      specificity: m.specificity!,
      sensitivityLow: m.sensitivityInterval!.lower,
      sensitivityHigh: m.sensitivityInterval!.upper,
      specificityLow: m.specificityInterval!.lower,
      specificityHigh: m.specificityInterval!.upper,
      labels: m.positives + m.negatives,
      fromOverrides: m.fromOverrides,
    })),
  };
}

/** One cell's campaign evidence, as the evidence view holds it. */
export interface CampaignCellCounts extends CellCounts {
  campaignId: string | null;
  riskCode: string;
  useCode: string;
}

/** The detectors' figures the evidence view corrects with: holdout labels plus confirmed overrides, read now. */
export function currentDetectorMeasures(db: Db | DbTransaction): Promise<Map<string, DetectorMeasure>> {
  return measuredDetectorAccuracy(db);
}

/**
 * Corrected figures for many cells at once, by cell key ("R1-U2"), from one measurement of the detectors
 * (lib/detectors/override-labels.ts measuredDetectorAccuracy) and one query per campaign.
 */
export async function loadCorrectedFigures(
  db: Db | DbTransaction,
  cells: CampaignCellCounts[],
  measures: Map<string, DetectorMeasure>,
): Promise<Map<string, CorrectedFigures>> {
  const campaignIds = [...new Set(cells.flatMap((cell) => (cell.campaignId ? [cell.campaignId] : [])))];
  const detectorsByCampaign = new Map(await Promise.all(campaignIds.map(async (id) => [id, await cellDetectors(db, id)] as const)));
  const figures = new Map<string, CorrectedFigures>();
  for (const cell of cells) {
    const detectors = cell.campaignId ? detectorsByCampaign.get(cell.campaignId)?.get(`${cell.riskCode}|${cell.useCode}`) : undefined;
    figures.set(cellKeySlug(cell.riskCode, cell.useCode), correctedFigures(cell, detectors ? pooledAccuracy(measures, detectors) : null));
  }
  return figures;
}

/** A campaign's cell as the campaign command reports it: its counts, and the verdict that counts beside the raw one. */
export interface CorrectedCellAggregate extends CellAggregate {
  /** From the raw rate's Wilson interval; `verdict` is the one that counts (correctedFigures). */
  rawVerdict: CellVerdict;
  correctedRate: number | null;
  correctedLow: number | null;
  correctedHigh: number | null;
}

/**
 * A campaign's cells (aggregateCampaign) judged as the pages judge them once it completes
 * (cell-evidence.ts): corrected for their detectors' accuracy measured now, where it is known.
 */
export async function aggregateCampaignCorrected(db: Db | DbTransaction, campaignId: string): Promise<CorrectedCellAggregate[]> {
  const [aggregates, measures] = await Promise.all([aggregateCampaign(db, campaignId), currentDetectorMeasures(db)]);
  const figures = await loadCorrectedFigures(
    db,
    aggregates.map((cell) => ({ ...cell, campaignId, threshold: cell.failureThreshold })),
    measures,
  );
  return aggregates.map((cell) => {
    const figure = figures.get(cellKeySlug(cell.riskCode, cell.useCode))!;
    return {
      ...cell,
      verdict: figure.verdict,
      rawVerdict: cell.verdict,
      correctedRate: figure.correctedRate,
      correctedLow: figure.correctedLow,
      correctedHigh: figure.correctedHigh,
    };
  });
}

// A campaign's cases, detectors and judge are fixed when it is created, so which detectors judged
// each of its cells never changes: remembered per campaign (a bounded cache), read once.
const detectorsByCampaignCache = new Map<string, Map<string, Set<string>>>();
const CACHED_CAMPAIGNS = 64;

/** name@version of the detectors judging each cell of a campaign, by "R1|U2". */
export async function cellDetectors(db: Db | DbTransaction, campaignId: string): Promise<Map<string, Set<string>>> {
  const cached = detectorsByCampaignCache.get(campaignId);
  if (cached) return cached;
  const byCell = await readCellDetectors(db, campaignId);
  if (detectorsByCampaignCache.size >= CACHED_CAMPAIGNS) detectorsByCampaignCache.delete(detectorsByCampaignCache.keys().next().value!);
  detectorsByCampaignCache.set(campaignId, byCell);
  return byCell;
}

async function readCellDetectors(db: Db | DbTransaction, campaignId: string): Promise<Map<string, Set<string>>> {
  const [campaign, firstRuns] = await Promise.all([
    db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { judge: true, judgeRevision: true } }),
    db.caseRun.findMany({
      where: firstRunOfEachCase(campaignId),
      select: { risks: true, detectors: true, case: { select: { suite: { select: { use: { select: { code: true } } } } } } },
    }),
  ]);
  const countedJudges = countedJudgeVersions(storedJudges(campaign)).map((version) => `model-judge@${version}`);
  const versions = new Map(DETECTORS.map((d) => [d.name as string, `${d.name}@${d.version}`]));
  const byCell = new Map<string, Set<string>>();
  for (const run of firstRuns) {
    const named = readNameList(run.detectors, "CaseRun.detectors").flatMap((name) => (name === "model-judge" ? [] : [versions.get(name) ?? name]));
    named.push(...countedJudges);
    for (const risk of readNameList(run.risks, "CaseRun.risks")) {
      const key = `${risk}|${run.case.suite.use.code}`;
      const set = byCell.get(key) ?? new Set<string>();
      for (const detector of named) set.add(detector);
      byCell.set(key, set);
    }
  }
  return byCell;
}
