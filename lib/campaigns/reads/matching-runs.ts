// Which of a campaign's runs its page's filter matches, and which of them make up one page, worked
// out from its cases rather than its runs: a case's risks and detectors live in JSON columns no
// portable query can filter, so the filter reads the campaign's distinct cases (641 for every suite)
// with each one's count of runs in the status asked, and the page is cut from those counts. A
// 10,000-run campaign's page so reads a few hundred case rows and 50 run ids, not every run.
import type { Db } from "../../db/types";
import type { Prisma } from "../../db/generated/sqlite/client";
import { readNameList } from "../../db/json-columns";
import { firstRunOfEachCase } from "../start/write-campaign-runs";

export interface RunFilterOnCases {
  /** "R1-U2": runs of cases in that use that name that risk. */
  cell?: string;
  /** A detector name the case asks for. */
  detector?: string;
}

export interface MatchingRuns {
  /** The ids of the page's runs, in case key then repeat order. */
  pageIds: string[];
  /** How many runs match in all. */
  matching: number;
  page: number;
  pages: number;
  /** The detectors the cases with runs in the status asked name (for the filter's choices), sorted. */
  detectors: string[];
}

export async function matchingRuns(
  db: Db,
  campaignId: string,
  statusWhere: Prisma.CaseRunWhereInput,
  filter: RunFilterOnCases,
  page: number,
  pageSize: number,
): Promise<MatchingRuns> {
  const where = { campaignId, ...statusWhere };
  const counts = await db.caseRun.groupBy({ by: ["caseId"], where, _count: { _all: true } });
  const runsOf = new Map(counts.map((row) => [row.caseId, row._count._all]));
  const cases = (
    await db.caseRun.findMany({
      where: { ...firstRunOfEachCase(campaignId), caseId: { in: [...runsOf.keys()] } },
      select: { caseId: true, risks: true, detectors: true, case: { select: { key: true, suite: { select: { use: { select: { code: true } } } } } } },
    })
  ).map((row) => ({
    id: row.caseId,
    key: row.case.key,
    useCode: row.case.suite.use.code,
    risks: readNameList(row.risks, "CaseRun.risks"),
    detectors: readNameList(row.detectors, "CaseRun.detectors"),
  }));
  const [cellRisk, cellUse] = filter.cell?.split("-") ?? [];
  const inCell = cases.filter((c) => !filter.cell || (c.useCode === cellUse && c.risks.includes(cellRisk)));
  const detectors = [...new Set(inCell.flatMap((c) => c.detectors))].sort();
  const chosen = inCell
    .filter((c) => !filter.detector || c.detectors.includes(filter.detector))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1));
  const matching = chosen.reduce((sum, c) => sum + runsOf.get(c.id)!, 0);
  const pages = Math.max(1, Math.ceil(matching / pageSize));
  const shown = Math.min(page, pages);
  // The cases whose runs fall on the page, and how many of the first one's runs the earlier page took.
  const start = (shown - 1) * pageSize;
  const onPage: string[] = [];
  let before = 0;
  let skipInFirst = 0;
  for (const c of chosen) {
    const n = runsOf.get(c.id)!;
    if (before + n > start && before < start + pageSize) {
      if (onPage.length === 0) skipInFirst = start - before;
      onPage.push(c.id);
    }
    before += n;
    if (before >= start + pageSize) break;
  }
  const order = new Map(onPage.map((id, index) => [id, index]));
  const runs = onPage.length
    ? await db.caseRun.findMany({ where: { ...where, caseId: { in: onPage } }, select: { id: true, caseId: true, repeat: true } })
    : [];
  const pageIds = runs
    .sort((a, b) => order.get(a.caseId)! - order.get(b.caseId)! || a.repeat - b.repeat)
    .slice(skipInFirst, skipInFirst + pageSize)
    .map((run) => run.id);
  return { pageIds, matching, page: shown, pages, detectors };
}
