// The cells a campaign was asked for that none of its cases tests: a use's suite with no case of a risk asked for,
// or cases per suite fewer than the risks asked for (lib/campaigns/start/draw-cases.ts). Its page and `campaign run`
// name them, so that a cell asked for is never left untested in silence.
import { readNameList } from "../../db/json-columns";
import type { Db } from "../../db/types";
import { byCodeNumber, cellKeySlug } from "../../domain/cell-key";

/**
 * In matrix order, whether or not the campaign's runs have answered yet. None where it asked for no risk in particular,
 * or for cases by id (a top-up: its risks and uses are those of the cells it plans, not every pair of them).
 */
export async function loadCellsAskedNotTested(db: Db, campaignId: string): Promise<{ riskCode: string; useCode: string }[]> {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { riskCodes: true, useCodes: true, casesChosenById: true } });
  const riskCodes = readNameList(campaign.riskCodes, "Campaign.riskCodes");
  if (riskCodes.length === 0 || campaign.casesChosenById) return [];
  const cases = await db.caseRun.findMany({
    where: { campaignId },
    distinct: ["caseId"],
    select: { risks: true, case: { select: { suite: { select: { use: { select: { code: true } } } } } } },
  });
  const tested = new Set(cases.flatMap((c) => readNameList(c.risks, "CaseRun.risks").map((risk) => cellKeySlug(risk, c.case.suite.use.code))));
  const useCodes = readNameList(campaign.useCodes, "Campaign.useCodes").sort(byCodeNumber);
  return riskCodes
    .sort(byCodeNumber)
    .flatMap((riskCode) => useCodes.filter((useCode) => !tested.has(cellKeySlug(riskCode, useCode))).map((useCode) => ({ riskCode, useCode })));
}
