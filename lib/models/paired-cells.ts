// Two models' cells measured on the same cases compare paired, as two campaigns of one model do
// (lib/campaigns/reads/compare.ts): each cell's current campaign on either side, runs matched by
// case key and repeat, McNemar's exact test on the runs whose verdict differs and Newcombe's paired
// interval for the difference in rate (second model minus first). Cases are the same only where the
// suite is: the two evidence rows must have been made under one suite hash (the sha256 of the
// suite's cases, recorded on the row when it was written). Otherwise the cell says the suites differ
// and shows the two rates unpaired.
import { compareCampaigns, type ChangeDirection } from "../campaigns/reads/compare";
import type { Db } from "../db/types";
import { cellKeySlug } from "../domain/cell-key";
import type { PairedDifference } from "../evidence/newcombe-paired";

export type CellPairing =
  | {
      kind: "paired";
      /** Runs (case x repeat) both campaigns judged in this cell. */
      shared: number;
      /** Runs only one of the two campaigns judged here (a different sample of the suite). */
      unmatched: number;
      /** McNemar's b: failed on the first model, passed on the second. */
      failOnlyFirst: number;
      /** McNemar's c: passed on the first model, failed on the second. */
      failOnlySecond: number;
      bothFail: number;
      neitherFail: number;
      /** Exact two-sided McNemar p on the shared runs. */
      mcnemarP: number;
      /** Newcombe's 95% interval for second rate - first rate on the shared runs. */
      difference: PairedDifference;
      /** "worse": the second model fails detectably more often. */
      direction: ChangeDirection;
    }
  | { kind: "not paired"; reason: string };

/** A cell of the comparison whose both sides have current campaign evidence. */
export interface CampaignCell {
  risk: string;
  use: string;
  firstCampaignId: string;
  secondCampaignId: string;
}

export const SUITES_DIFFER = "suites differ, not paired";
export const NO_SHARED_RUNS = "no case run on both sides, not paired";

/** The pairing of each cell, by cell key ("R3-U2"). */
export async function pairCells(db: Db, cells: CampaignCell[]): Promise<Map<string, CellPairing>> {
  const campaignIds = [...new Set(cells.flatMap((cell) => [cell.firstCampaignId, cell.secondCampaignId]))];
  const rows = await db.evidence.findMany({
    where: { kind: "CAMPAIGN", campaignId: { in: campaignIds } },
    select: { campaignId: true, suiteHash: true, cell: { select: { risk: { select: { code: true } }, use: { select: { code: true } } } } },
  });
  const suiteHash = new Map(rows.map((row) => [`${row.campaignId}|${cellKeySlug(row.cell.risk.code, row.cell.use.code)}`, row.suiteHash]));
  const comparisons = new Map<string, Awaited<ReturnType<typeof compareCampaigns>>>();
  const pairings = new Map<string, CellPairing>();
  for (const cell of cells) {
    const key = cellKeySlug(cell.risk, cell.use);
    const first = suiteHash.get(`${cell.firstCampaignId}|${key}`);
    const second = suiteHash.get(`${cell.secondCampaignId}|${key}`);
    if (!first || first !== second) {
      pairings.set(key, { kind: "not paired", reason: SUITES_DIFFER });
      continue;
    }
    const pair = `${cell.firstCampaignId}|${cell.secondCampaignId}`;
    let compared = comparisons.get(pair);
    if (!compared) {
      compared = await compareCampaigns(db, cell.firstCampaignId, cell.secondCampaignId);
      comparisons.set(pair, compared);
    }
    const result = compared.find((other) => other.key === key);
    const shared = result ? result.newFailures + result.fixed + result.unchanged : 0;
    if (!result?.pairedChange || shared === 0) {
      pairings.set(key, { kind: "not paired", reason: NO_SHARED_RUNS });
      continue;
    }
    pairings.set(key, {
      kind: "paired",
      shared,
      unmatched: result.unmatched,
      failOnlyFirst: result.fixed,
      failOnlySecond: result.newFailures,
      bothFail: result.bothFail,
      neitherFail: result.neitherFail,
      mcnemarP: result.mcnemarP,
      difference: result.pairedChange,
      direction: result.direction,
    });
  }
  return pairings;
}
