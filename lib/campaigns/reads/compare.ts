// Two campaigns side by side, per cell: each side's evidence as the one view gives it
// (lib/evidence/cell-evidence.ts loadCampaignEvidence: what the matrix shows when it is current),
// which case x repeat runs newly fail, which were fixed, which kept their verdict. Runs are matched
// by case key and repeat, and counted in the cells the evidence counts them in
// (lib/evidence/campaign-aggregate.ts countedRuns), so campaigns over different model revisions or
// settings compare directly.
//
// Decision rule (paired, on the shared runs only): McNemar's exact test on the runs that flipped
// (lib/evidence/mcnemar.ts). p < 0.05 with more new failures than fixes is "worse", with more fixes
// "better"; anything else is "no detectable change". Newcombe's paired interval
// (lib/evidence/newcombe-paired.ts) gives the change in rate on those runs, after - before.
import { smokeTestCampaignIds } from "./campaign-smoke-test";
import type { Db } from "../../db/types";
import { cellKeyLabel, cellKeySlug, inMatrixOrder } from "../../domain/cell-key";
import { countedRuns } from "../../evidence/campaign-aggregate";
import { loadCampaignEvidence, type CellEvidence } from "../../evidence/cell-evidence";
import { mcnemarExactP } from "../../evidence/mcnemar";
import { newcombePairedInterval, type PairedDifference } from "../../evidence/newcombe-paired";

/** Below this McNemar p a change is called detectable. */
export const CHANGE_SIGNIFICANCE = 0.05;

export type ChangeDirection = "worse" | "better" | "no detectable change";

/** One shared run whose verdict flipped between the campaigns. */
export interface FlippedRun {
  caseKey: string;
  repeat: number;
  /** "newly failing": pass before, fail after; "fixed": the other way. */
  flip: "newly failing" | "fixed";
  beforeRunId: string;
  afterRunId: string;
}

export interface CellComparison {
  /** "R3-U2" */
  key: string;
  /** "R3×U2" */
  label: string;
  riskCode: string;
  useCode: string;
  /** Each campaign's evidence for the cell; null when it has none (not completed, or no judged run there). */
  before: CellEvidence | null;
  after: CellEvidence | null;
  /** Passed in the first campaign, fail in the second. */
  newFailures: number;
  /** Failed in the first, pass in the second. */
  fixed: number;
  unchanged: number;
  /** Of the unchanged shared runs: failed in both, passed in both. */
  bothFail: number;
  neitherFail: number;
  /** Runs in only one of the two campaigns. */
  unmatched: number;
  /** after.rate - before.rate; null when either side has no sample. */
  rateChange: number | null;
  /** Exact two-sided McNemar p on the shared runs; 1 when none flipped. */
  mcnemarP: number;
  /** Newcombe's 95% interval for the change in rate on the shared runs; null when none are shared. */
  pairedChange: PairedDifference | null;
  direction: ChangeDirection;
  flipped: FlippedRun[];
}

type Outcome = "PASS" | "FAIL";

export async function compareCampaigns(db: Db, beforeId: string, afterId: string): Promise<CellComparison[]> {
  const [before, after, beforeEvidence, afterEvidence] = await Promise.all([
    outcomes(db, beforeId),
    outcomes(db, afterId),
    loadCampaignEvidence(db, beforeId),
    loadCampaignEvidence(db, afterId),
  ]);
  const cells = new Map<string, CellComparison>();
  const cellFor = (riskCode: string, useCode: string) => {
    const key = cellKeySlug(riskCode, useCode);
    let cell = cells.get(key);
    if (!cell) {
      cell = {
        key,
        label: cellKeyLabel(riskCode, useCode),
        riskCode,
        useCode,
        before: beforeEvidence.find((evidence) => evidence.key === key) ?? null,
        after: afterEvidence.find((evidence) => evidence.key === key) ?? null,
        newFailures: 0,
        fixed: 0,
        unchanged: 0,
        bothFail: 0,
        neitherFail: 0,
        unmatched: 0,
        rateChange: null,
        mcnemarP: 1,
        pairedChange: null,
        direction: "no detectable change",
        flipped: [],
      };
      cells.set(key, cell);
    }
    return cell;
  };
  for (const evidence of [...beforeEvidence, ...afterEvidence]) cellFor(evidence.riskCode, evidence.useCode);
  for (const [runKey, run] of before) {
    const later = after.get(runKey);
    for (const { riskCode, useCode, verdict } of run.cells) {
      const cell = cellFor(riskCode, useCode);
      const laterVerdict = later?.cells.find((other) => other.riskCode === riskCode && other.useCode === useCode)?.verdict;
      if (!later || !isOutcome(verdict) || !isOutcome(laterVerdict)) cell.unmatched++;
      else if (verdict !== laterVerdict) {
        const flip = laterVerdict === "FAIL" ? "newly failing" : "fixed";
        if (flip === "newly failing") cell.newFailures++;
        else cell.fixed++;
        cell.flipped.push({ caseKey: run.caseKey, repeat: run.repeat, flip, beforeRunId: run.id, afterRunId: later.id });
      } else {
        cell.unchanged++;
        if (verdict === "FAIL") cell.bothFail++;
        else cell.neitherFail++;
      }
    }
  }
  for (const [runKey, run] of after) {
    const earlier = before.get(runKey);
    for (const { riskCode, useCode, verdict } of run.cells) {
      const matched = earlier?.cells.some((other) => other.riskCode === riskCode && other.useCode === useCode && isOutcome(other.verdict));
      if (isOutcome(verdict) && !matched) cellFor(riskCode, useCode).unmatched++;
    }
  }
  for (const cell of cells.values()) {
    const [beforeRate, afterRate] = [cell.before?.rate ?? null, cell.after?.rate ?? null];
    cell.rateChange = beforeRate !== null && afterRate !== null ? afterRate - beforeRate : null;
    cell.mcnemarP = mcnemarExactP(cell.newFailures, cell.fixed);
    const shared = cell.newFailures + cell.fixed + cell.unchanged;
    cell.pairedChange =
      shared > 0
        ? newcombePairedInterval({ bothFail: cell.bothFail, beforeOnly: cell.fixed, afterOnly: cell.newFailures, neitherFail: cell.neitherFail })
        : null;
    cell.direction = cell.mcnemarP < CHANGE_SIGNIFICANCE ? (cell.newFailures > cell.fixed ? "worse" : "better") : "no detectable change";
    cell.flipped.sort((a, b) => a.caseKey.localeCompare(b.caseKey) || a.repeat - b.repeat);
  }
  return [...cells.values()].sort(inMatrixOrder);
}

/** Each judged run of a campaign by "case key#repeat", with the cells it counts in and its verdict in each. */
async function outcomes(db: Db, campaignId: string) {
  const judged = (await countedRuns(db, campaignId)).filter((run) => run.verdict === "PASS" || run.verdict === "FAIL");
  return new Map(judged.map((run) => [`${run.caseKey}#${run.repeat}`, { ...run, cells: run.cells.filter((cell) => isOutcome(cell.verdict)) }]));
}

function isOutcome(verdict: string | null | undefined): verdict is Outcome {
  return verdict === "PASS" || verdict === "FAIL";
}

export interface ComparedCampaign {
  id: string;
  name: string;
  /** The generated tiny model answered (lib/campaigns/reads/campaign-smoke-test.ts). */
  smokeTest: boolean;
}

export interface CampaignComparison {
  before: ComparedCampaign;
  after: ComparedCampaign;
  /** The model the campaigns tested, by name. */
  modelName: string;
  cells: CellComparison[];
}

/** Two campaigns of the model `slug` by id, the older as "before"; null when either is not a campaign of that model. */
export async function loadCampaignComparison(db: Db, slug: string, ids: [string, string]): Promise<CampaignComparison | null> {
  const campaigns = await db.campaign.findMany({
    where: { id: { in: ids }, model: { slug } },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, model: { select: { name: true } } },
  });
  if (campaigns.length !== 2) return null;
  const [before, after] = campaigns;
  const [smokeTests, cells] = await Promise.all([smokeTestCampaignIds(db, ids), compareCampaigns(db, before.id, after.id)]);
  const side = ({ id, name }: (typeof campaigns)[number]): ComparedCampaign => ({ id, name, smokeTest: smokeTests.has(id) });
  return { before: side(before), after: side(after), modelName: after.model.name, cells };
}
