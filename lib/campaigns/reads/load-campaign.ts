// One campaign for its page: what it was asked to run (everything needed to reproduce it), its
// per-cell evidence in the one view the matrix reads (its running counts until it completes; then
// the cells none of whose runs were judged, which get no evidence), and its runs filtered by cell,
// verdict and detector.
import { z } from "zod";
import type { DetectorResult } from "../../detectors/types";
import type { Db } from "../../db/types";
import { cellKeyLabel, cellKeySlug } from "../../domain/cell-key";
import { tallyCampaign } from "../../evidence/campaign-aggregate";
import type { CellTally } from "../../evidence/cell-tally";
import { loadCampaignEvidence, loadCellEvidence, type CellEvidence } from "../../evidence/cell-evidence";
import { describeServedModel, recordedJudgeServedModels } from "../runner/served-model";
import { campaignSettingsFromRow } from "../settings/campaign-row";
import { readNameList } from "../../db/json-columns";
import { readStoredFindings } from "../../detectors/stored-findings";
import { loadCellsAskedNotTested } from "./cells-asked-not-tested";
import { isSmokeTestCampaign } from "./campaign-smoke-test";
import { matchingRuns } from "./matching-runs";
import { runState, type RunState } from "./run-state";

export const runFilterSchema = z.object({
  /** "R1-U2" */
  cell: z
    .string()
    .regex(/^R\d+-U\d+$/)
    .optional()
    .catch(undefined),
  verdict: z.enum(["PASS", "FAIL", "ERROR", "OVERRIDDEN", "PENDING"]).optional().catch(undefined),
  detector: z.string().max(40).optional().catch(undefined),
  /** 1-based page of RUN_PAGE runs. */
  page: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined),
});
export type RunFilter = z.infer<typeof runFilterSchema>;

export interface CampaignRunRow {
  id: string;
  caseKey: string;
  repeat: number;
  useCode: string;
  risks: string[];
  status: RunState;
  verdict: string | null;
  /** A confirmed override (it counts); a proposal still awaiting a second person is `overridePending`. */
  overrideVerdict: string | null;
  overridePending: boolean;
  /** The detectors whose fail counted against this output, name@version. */
  failedBy: string[];
  /** What each of the campaign's model judges said of this output, in the campaign's order (counted or not: see its judges); empty without one. */
  judgeVerdicts: DetectorResult["verdict"][];
  output: string | null;
  latencyMs: number | null;
}

export interface CampaignDetail {
  id: string;
  name: string;
  status: string;
  modelSlug: string;
  modelRevision: string;
  settingsHash: string;
  seed: number;
  repeats: number;
  /** At most this many cases of each suite; null: every case. */
  casesPerSuite: number | null;
  /** Drawn so that each risk asked for gets its share (lib/campaigns/start/draw-cases.ts); null: not recorded (an older campaign). */
  casesDrawnPerRisk: boolean | null;
  /** Asked for cases by id (a top-up's plan, or the API's caseIds), not every case of its uses and risks. */
  casesChosenById: boolean;
  backend: ReturnType<typeof campaignSettingsFromRow>["backend"];
  sampling: ReturnType<typeof campaignSettingsFromRow>["sampling"];
  /** Its model judges, each with the revision it answers with; empty without one. */
  judges: ReturnType<typeof campaignSettingsFromRow>["judges"];
  /** What each counted judge's serving target said it serves, as first asked (describeServedModel), by target name. */
  judgeServedModels: Record<string, string>;
  verdictRule: ReturnType<typeof campaignSettingsFromRow>["verdictRule"];
  suiteKeys: string[];
  useCodes: string[];
  riskCodes: string[];
  createdAt: string;
  /** When its last run finished and its evidence was written; null until then. */
  finishedAt: string | null;
  /** Once the campaign completed: each cell's evidence from it, as the matrix shows it when current. */
  cells: CampaignCell[];
  /** Until it completes: the counts so far per cell (its evidence is written from them at the end). */
  tallies: CellTally[];
  /** Once it completed: the cells its runs reached that got no evidence, none of their runs judged (each errored or had nothing to judge). */
  judgedNothing: CellTally[];
  /** The cells of the risks and uses it was asked for that none of its cases tests, in matrix order. */
  cellsAskedNotTested: { riskCode: string; useCode: string }[];
  /** Every cell the campaign covers so far, for the filter: "R1-U2", "R1×U2". */
  cellOptions: { key: string; label: string }[];
  /** Made by the generated tiny model: its evidence is a smoke test of the pipeline. */
  smokeTest: boolean;
  detectors: string[];
  runs: CampaignRunRow[];
  /** How many runs match the filter; `runs` holds page `page` of them, RUN_PAGE a page. */
  matching: number;
  page: number;
  pages: number;
}

/** A cell's evidence from this campaign, and whether it is that cell's current evidence (lib/evidence/current-evidence.ts). */
export interface CampaignCell extends CellEvidence {
  current: "current" | "current, stale" | "superseded";
}

export const RUN_PAGE = 50;

export async function loadCampaign(db: Db, campaignId: string, filter: RunFilter = {}): Promise<CampaignDetail | null> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, include: { model: { select: { slug: true } } } });
  if (!campaign) return null;
  const completed = campaign.status === "COMPLETED";
  const [own, current, tallies, smokeTest, cellsAskedNotTested] = await Promise.all([
    completed ? loadCampaignEvidence(db, campaignId) : [],
    completed ? loadCellEvidence(db, campaign.model.slug) : ({} as Record<string, CellEvidence>),
    tallyCampaign(db, campaignId),
    isSmokeTestCampaign(db, campaignId),
    loadCellsAskedNotTested(db, campaignId),
  ]);
  const cells: CampaignCell[] = own.map((cell) => {
    if (current[cell.key]?.evidenceId !== cell.evidenceId) return { ...cell, current: "superseded" };
    return { ...cell, current: cell.stale.length > 0 ? "current, stale" : "current" };
  });
  const judgedNothing = completed ? tallies.filter((tally) => tally.passes + tally.failures === 0) : [];
  const tallyOption = (tally: CellTally) => ({ key: cellKeySlug(tally.riskCode, tally.useCode), label: cellKeyLabel(tally.riskCode, tally.useCode) });
  const cellOptions = completed ? [...cells.map(({ key, label }) => ({ key, label })), ...judgedNothing.map(tallyOption)] : tallies.map(tallyOption);
  const orderBy = [{ case: { key: "asc" as const } }, { repeat: "asc" as const }];
  const { pageIds, matching, page, pages, detectors } = await matchingRuns(db, campaignId, runStatusFilter(filter.verdict), filter, filter.page ?? 1, RUN_PAGE);
  const runs = await db.caseRun.findMany({
    where: { id: { in: pageIds } },
    orderBy,
    select: {
      id: true,
      repeat: true,
      status: true,
      leaseExpiresAt: true,
      verdict: true,
      overrideVerdict: true,
      overrideConfirmedAt: true,
      findings: true,
      output: true,
      latencyMs: true,
      risks: true,
      detectors: true,
      case: { select: { key: true, suite: { select: { use: { select: { code: true } } } } } },
    },
  });
  const rows = runs.map((run) => {
    const findings = readStoredFindings(run.findings);
    return {
      id: run.id,
      caseKey: run.case.key,
      repeat: run.repeat,
      useCode: run.case.suite.use.code,
      risks: readNameList(run.risks, "CaseRun.risks"),
      status: runState(campaign.status, run.status, run.leaseExpiresAt),
      verdict: run.verdict,
      overrideVerdict: run.overrideConfirmedAt ? run.overrideVerdict : null,
      overridePending: run.overrideVerdict !== null && run.overrideConfirmedAt === null,
      failedBy: findings.filter((finding) => finding.verdict === "fail" && !finding.advisory).map((finding) => finding.detector),
      judgeVerdicts: findings
        .filter((finding) => finding.detector.startsWith("model-judge@") && finding.detector !== "model-judge@none")
        .map((finding) => finding.verdict),
      detectors: readNameList(run.detectors, "CaseRun.detectors"),
      output: run.output,
      latencyMs: run.latencyMs,
    };
  });
  const { backend, sampling, judges, verdictRule } = campaignSettingsFromRow(campaign);
  return {
    id: campaign.id,
    name: campaign.name,
    status: campaign.status,
    modelSlug: campaign.model.slug,
    modelRevision: campaign.modelRevision,
    settingsHash: campaign.settingsHash,
    seed: campaign.seed,
    repeats: campaign.repeats,
    casesPerSuite: campaign.casesPerSuite,
    casesDrawnPerRisk: campaign.casesDrawnPerRisk,
    casesChosenById: campaign.casesChosenById,
    backend,
    sampling,
    judges,
    judgeServedModels: Object.fromEntries(Object.entries(recordedJudgeServedModels(campaign)).map(([target, served]) => [target, describeServedModel(served)])),
    verdictRule,
    suiteKeys: readNameList(campaign.suiteKeys, "Campaign.suiteKeys"),
    useCodes: readNameList(campaign.useCodes, "Campaign.useCodes"),
    riskCodes: readNameList(campaign.riskCodes, "Campaign.riskCodes"),
    createdAt: campaign.createdAt.toISOString(),
    finishedAt: campaign.finishedAt?.toISOString() ?? null,
    cells,
    tallies: completed ? [] : tallies,
    judgedNothing,
    cellsAskedNotTested,
    cellOptions,
    smokeTest,
    detectors,
    runs: rows.map(({ detectors: _detectors, ...row }) => row),
    matching,
    page,
    pages,
  };
}

function runStatusFilter(verdict: RunFilter["verdict"]) {
  switch (verdict) {
    case "PASS":
    case "FAIL":
      // The verdict that counts: a confirmed override, else the detectors' (lib/domain/verdicts.ts countedVerdict).
      return {
        status: "DONE" as const,
        OR: [
          { overrideVerdict: verdict, overrideConfirmedAt: { not: null } },
          { overrideConfirmedAt: null, verdict },
        ],
      };
    case "ERROR":
      return { status: "ERROR" as const };
    case "OVERRIDDEN":
      return { overrideVerdict: { not: null } };
    case "PENDING":
      return { status: { in: ["PENDING" as const, "LEASED" as const] } };
    default:
      return {};
  }
}
