// The campaigns of a model, newest first, with their progress in one line each; and what the
// start form offers (the uses that have suites, the risks their cases probe, the serving targets).
import { measuredTokenRate, type MeasuredTokenRate } from "./token-estimate";
import type { Db } from "../../db/types";
import { servingTargetChoices, type ServingTargetChoice } from "../../serving-targets/load-serving-targets";
import { readNameList } from "../../db/json-columns";
import { smokeTestCampaignIds } from "./campaign-smoke-test";
import { outageInForce } from "../runner/serving-outage";
import { loadPauseReasons } from "./pause-reason";

export interface CampaignListItem {
  id: string;
  name: string;
  status: string;
  createdAt: string;
  runs: number;
  finished: number;
  failures: number;
  /** Its serving endpoint cannot be reached: its runs wait for it (loadCampaignProgress says since when and why). */
  endpointUnreachable: boolean;
  /** While paused, why a worker paused it (lib/campaigns/reads/pause-reason.ts); null otherwise, and where a reviewer did. */
  pausedBecause: string | null;
  /** The generated tiny model answered (lib/campaigns/reads/campaign-smoke-test.ts): its failures are noise. */
  smokeTest: boolean;
}

export interface CampaignChoices {
  uses: { code: string; purpose: string; cases: number }[];
  risks: { code: string; title: string }[];
  /** The serving targets an admin configured, by name: the endpoints a campaign may call. */
  targets: ServingTargetChoice[];
  /** What earlier campaigns measured on each backend: "local" (this engine) or a target's name. */
  rates: Record<string, MeasuredTokenRate>;
}

export async function listCampaigns(db: Db, modelSlug: string): Promise<CampaignListItem[]> {
  const campaigns = await db.campaign.findMany({
    where: { model: { slug: modelSlug } },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, status: true, createdAt: true, outageSince: true, outageRetryAt: true },
    take: 200,
  });
  const ids = campaigns.map((c) => c.id);
  const [counts, smokeTests, pauseReasons] = await Promise.all([
    db.caseRun.groupBy({ by: ["campaignId", "status", "verdict"], where: { campaignId: { in: ids } }, _count: { _all: true } }),
    smokeTestCampaignIds(db, ids),
    loadPauseReasons(
      db,
      campaigns.filter((campaign) => campaign.status === "PAUSED").map((campaign) => campaign.id),
    ),
  ]);
  return campaigns.map((campaign) => {
    const mine = counts.filter((row) => row.campaignId === campaign.id);
    const sum = (rows: typeof mine) => rows.reduce((total, row) => total + row._count._all, 0);
    return {
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      createdAt: campaign.createdAt.toISOString(),
      runs: sum(mine),
      finished: sum(mine.filter((row) => row.status === "DONE" || row.status === "ERROR")),
      failures: sum(mine.filter((row) => row.status === "DONE" && row.verdict === "FAIL")),
      endpointUnreachable: outageInForce(campaign) !== null,
      pausedBecause: pauseReasons.get(campaign.id) ?? null,
      smokeTest: smokeTests.has(campaign.id),
    };
  });
}

export async function loadCampaignChoices(db: Db, modelSlug: string): Promise<CampaignChoices> {
  const model = await db.model.findUnique({
    where: { slug: modelSlug },
    select: {
      id: true,
      // What a new campaign can run: a retired case runs no more.
      uses: {
        orderBy: { position: "asc" },
        select: { code: true, purpose: true, suites: { select: { _count: { select: { cases: { where: { retiredAt: null } } } } } } },
      },
      risks: { orderBy: { position: "asc" }, select: { code: true, title: true } },
      suites: { select: { cases: { where: { retiredAt: null }, select: { risks: true } } } },
    },
  });
  if (!model) return { uses: [], risks: [], targets: [], rates: {} };
  const targets = await servingTargetChoices(db);
  const probed = new Set(model.suites.flatMap((suite) => suite.cases.flatMap((c) => readNameList(c.risks, "Case.risks"))));
  return {
    uses: model.uses
      .map((use) => ({ code: use.code, purpose: use.purpose, cases: use.suites.reduce((total, suite) => total + suite._count.cases, 0) }))
      .filter((use) => use.cases > 0),
    risks: model.risks.filter((risk) => probed.has(risk.code)),
    targets,
    rates: Object.fromEntries(
      await Promise.all(
        [null, ...targets.map((target) => target.name)].map(async (target) => [target ?? "local", await measuredTokenRate(db, model.id, target)] as const),
      ),
    ),
  };
}
