// Two campaigns side by side, per cell: which case x repeat runs newly fail, which were fixed,
// which kept their verdict, and how the failure rate moved. Runs are matched by case key and
// repeat, so campaigns over different model revisions or settings compare directly.
import type { Db } from "../db/types";

export interface CellSide {
  n: number;
  failures: number;
  rate: number | null;
}

export interface CellComparison {
  riskCode: string;
  useCode: string;
  before: CellSide;
  after: CellSide;
  /** Passed in the first campaign, fail in the second. */
  newFailures: number;
  /** Failed in the first, pass in the second. */
  fixed: number;
  unchanged: number;
  /** Runs in only one of the two campaigns. */
  unmatched: number;
  /** after.rate - before.rate; null when either side has no sample. */
  rateChange: number | null;
}

type Outcome = "PASS" | "FAIL";

export async function compareCampaigns(db: Db, beforeId: string, afterId: string): Promise<CellComparison[]> {
  const [before, after] = await Promise.all([outcomes(db, beforeId), outcomes(db, afterId)]);
  const cells = new Map<string, CellComparison>();
  const cellFor = (riskCode: string, useCode: string) => {
    const key = `${riskCode}|${useCode}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { riskCode, useCode, before: side(), after: side(), newFailures: 0, fixed: 0, unchanged: 0, unmatched: 0, rateChange: null };
      cells.set(key, cell);
    }
    return cell;
  };
  for (const [runKey, run] of before) {
    const later = after.get(runKey);
    for (const risk of run.risks) {
      const cell = cellFor(risk, run.useCode);
      count(cell.before, run.outcome);
      if (!later) cell.unmatched++;
      else if (run.outcome === "PASS" && later.outcome === "FAIL") cell.newFailures++;
      else if (run.outcome === "FAIL" && later.outcome === "PASS") cell.fixed++;
      else cell.unchanged++;
    }
  }
  for (const [runKey, run] of after) {
    for (const risk of run.risks) {
      const cell = cellFor(risk, run.useCode);
      count(cell.after, run.outcome);
      if (!before.has(runKey)) cell.unmatched++;
    }
  }
  for (const cell of cells.values()) {
    for (const s of [cell.before, cell.after]) s.rate = s.n > 0 ? s.failures / s.n : null;
    cell.rateChange = cell.before.rate !== null && cell.after.rate !== null ? cell.after.rate - cell.before.rate : null;
  }
  const number = (code: string) => Number(code.slice(1));
  return [...cells.values()].sort((a, b) => number(a.riskCode) - number(b.riskCode) || number(a.useCode) - number(b.useCode));
}

/** Each judged run of a campaign by "case key#repeat", with the verdict that counts. */
async function outcomes(db: Db, campaignId: string) {
  const runs = await db.caseRun.findMany({
    where: { campaignId, status: "DONE" },
    select: { repeat: true, verdict: true, overrideVerdict: true, case: { select: { key: true, risks: true, suite: { select: { use: { select: { code: true } } } } } } },
  });
  const judged = runs.filter((run) => (run.overrideVerdict ?? run.verdict) === "PASS" || (run.overrideVerdict ?? run.verdict) === "FAIL");
  return new Map(
    judged.map((run) => [
      `${run.case.key}#${run.repeat}`,
      { outcome: (run.overrideVerdict ?? run.verdict) as Outcome, risks: run.case.risks as string[], useCode: run.case.suite.use.code },
    ]),
  );
}

function side(): CellSide {
  return { n: 0, failures: 0, rate: null };
}

function count(cellSide: CellSide, outcome: Outcome) {
  cellSide.n++;
  if (outcome === "FAIL") cellSide.failures++;
}

export interface CampaignComparison {
  before: { id: string; name: string };
  after: { id: string; name: string };
  cells: CellComparison[];
}

/** Two campaigns by id, the older as "before"; null when either does not exist. */
export async function loadCampaignComparison(db: Db, ids: [string, string]): Promise<CampaignComparison | null> {
  const campaigns = await db.campaign.findMany({ where: { id: { in: ids } }, orderBy: { createdAt: "asc" }, select: { id: true, name: true } });
  if (campaigns.length !== 2) return null;
  const [before, after] = campaigns;
  return { before, after, cells: await compareCampaigns(db, before.id, after.id) };
}
