// A finished campaign becomes evidence: per risk x use cell, the passes and failures of every case
// probing that risk in that use's suites (a reviewer's override counts instead of the detectors'
// verdict), the Wilson interval and the verdict against the cell's own threshold and minimum sample
// size. Each Evidence row carries what it was made under (hashes, revision, backend, judge,
// smoke-test or not), so later changes make it stale and no reader has to look anything up again.
import { storedJudges, storedVerdictRule, type CampaignRow } from "../campaigns/settings/campaign-row";
import { describeServedModel, recordedServedModel } from "../campaigns/runner/served-model";
import { answeredBySmokeTestModel } from "../campaigns/reads/campaign-smoke-test";
import { createHash } from "node:crypto";
import { z } from "zod";
import { campaignDetectorsHash } from "../campaigns/settings/detectors-hash";
import type { Db, DbTransaction } from "../db/types";
import { countedVerdict, type Verdict } from "../domain/verdicts";
import { cellTallies, judgeTallies, type CellAggregate, type CellTally } from "./cell-tally";
import { recountSourceEvidence, replaceSourceEvidence } from "./source-evidence-rows";
import { readJsonColumn, readNameList } from "../db/json-columns";
import { caseVerdict, findingsOnRisk, risksFailedBeyond } from "../detectors/registry";
import { readStoredFindings } from "../detectors/stored-findings";
import type { VerdictRule } from "../detectors/types";

/** A finished run of a campaign: the verdict that counts (a confirmed override, else the detectors') and the cells it counts in. */
export interface CountedRun {
  id: string;
  caseKey: string;
  repeat: number;
  verdict: Verdict | null;
  overridden: boolean;
  /** Each cell with the verdict the run counts with there (see cellsOfRun). */
  cells: { riskCode: string; useCode: string; verdict: Verdict | null }[];
}

/**
 * The cells one run counts in, and its verdict in each: its case's risks in its case's use, less
 * the risks the campaign was not run for (a campaign run for some risks gives evidence for those
 * only, not for every risk its cases touch). Where a counted classifier's failure names risks
 * (its categories, mapped), the failure lands on those risks' cells and no other: on the case's
 * other risks that finding reads as a pass, and a named risk the case does not probe is a failure
 * in that risk's cell of the case's use too (counting a harm found where it was not looked for
 * errs towards reporting it). A confirmed override decides every cell the run counts in.
 */
export function cellsOfRun(
  run: { verdict: Verdict | null; overrideVerdict: Verdict | null; overrideConfirmedAt: Date | null; findings: unknown },
  caseRisks: readonly string[],
  useCode: string,
  chosenRisks: ReadonlySet<string>,
  rule: VerdictRule = "any",
): CountedRun["cells"] {
  const chosen = (riskCode: string) => chosenRisks.size === 0 || chosenRisks.has(riskCode);
  const findings = readStoredFindings(run.findings);
  const own = caseRisks.filter(chosen);
  const beyond = risksFailedBeyond(findings, caseRisks).filter(chosen);
  const counted = countedVerdict(run);
  const overridden = !!(run.overrideVerdict && run.overrideConfirmedAt);
  const attributed = findings.some((finding) => !finding.advisory && finding.verdict === "fail" && finding.risks && finding.risks.length > 0);
  const verdictOn = (riskCode: string): Verdict | null => {
    if (overridden || !attributed || (counted !== "PASS" && counted !== "FAIL")) return counted;
    if (beyond.includes(riskCode)) return "FAIL";
    return STORED_VERDICT[caseVerdict(findingsOnRisk(findings, riskCode), rule)];
  };
  return [...own, ...beyond].map((riskCode) => ({ riskCode, useCode, verdict: verdictOn(riskCode) }));
}

const STORED_VERDICT = { pass: "PASS", fail: "FAIL", not_applicable: "NOT_APPLICABLE" } as const;

/**
 * A campaign's finished runs (judged or errored), each with the cells it counts in (cellsOfRun).
 * The tally below and the paired comparison of two campaigns (lib/campaigns/reads/compare.ts) both count these.
 */
export async function countedRuns(db: Db | DbTransaction, campaignId: string): Promise<CountedRun[]> {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { riskCodes: true, verdictRule: true } });
  const chosenRisks = new Set(readNameList(campaign.riskCodes, "Campaign.riskCodes"));
  const [runs, cases] = await Promise.all([
    db.caseRun.findMany({
      where: { campaignId, status: { in: ["DONE", "ERROR"] } },
      select: { id: true, caseId: true, repeat: true, risks: true, verdict: true, overrideVerdict: true, overrideConfirmedAt: true, findings: true },
    }),
    db.testCase.findMany({
      where: { runs: { some: { campaignId } } },
      select: { id: true, key: true, suite: { select: { use: { select: { code: true } } } } },
    }),
  ]);
  const caseFacts = new Map(cases.map((c) => [c.id, { key: c.key, useCode: c.suite.use.code }]));
  return runs.flatMap((run) => {
    const testCase = caseFacts.get(run.caseId);
    if (!testCase) return [];
    return [
      {
        id: run.id,
        caseKey: testCase.key,
        repeat: run.repeat,
        verdict: countedVerdict(run),
        overridden: !!(run.overrideVerdict && run.overrideConfirmedAt),
        // The risks the run measured: its case may name others since.
        cells: cellsOfRun(run, readNameList(run.risks, "CaseRun.risks"), testCase.useCode, chosenRisks, storedVerdictRule(campaign.verdictRule)),
      },
    ];
  });
}

/** Per-cell counts of a campaign's runs so far, in card order of risks then uses. */
export async function tallyCampaign(db: Db | DbTransaction, campaignId: string): Promise<CellTally[]> {
  const tallies = cellTallies();
  for (const run of await countedRuns(db, campaignId)) {
    for (const { riskCode, useCode, verdict } of run.cells) tallies.count(riskCode, useCode, verdict, run.overridden);
  }
  return tallies.inCardOrder();
}

/** The tallies judged against each cell's threshold and minimum sample size. */
export async function aggregateCampaign(db: Db | DbTransaction, campaignId: string): Promise<CellAggregate[]> {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { modelId: true } });
  return judgeTallies(db, campaign.modelId, await tallyCampaign(db, campaignId));
}

/**
 * Replaces the campaign's evidence with its aggregate: run it in the transaction that completes the
 * campaign (again after "retry failed" re-ran some of its runs). It is dated by the campaign's first
 * completion, and keeps the detectors hash it had then: a retry re-runs a few failed runs of what was
 * measured then, and dated now it would make an old campaign newer than the ones that replaced it,
 * and so current again; under detectors changed since, it would pass the old ones' verdicts as theirs. Overrides do not
 * come through here: they recount their own cells in place (recountOverriddenRun).
 */
export async function writeCampaignEvidence(db: Db | DbTransaction, campaignId: string): Promise<number> {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { model: { select: { isSmokeTestModel: true } } } });
  const firstWritten = await db.evidence.findFirst({
    where: { campaignId, kind: "CAMPAIGN" },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true, detectorsHash: true },
  });
  const aggregates = await aggregateCampaign(db, campaignId);
  const suiteHashes = await campaignSuiteHashes(db, campaign);
  const provenance = {
    modelRevision: campaign.modelRevision,
    // A retry keeps the detectors its first completion judged under: its other runs' verdicts are theirs.
    detectorsHash: firstWritten?.detectorsHash ?? campaignDetectorsHash(campaign),
    settingsHash: campaign.settingsHash,
    ...(await backendProvenance(db, campaign)),
    smokeTest: answeredBySmokeTestModel(campaign),
    judge: countedJudges(campaign),
    ...(firstWritten ? { createdAt: firstWritten.createdAt } : {}),
  };
  return replaceSourceEvidence(db, campaign.modelId, { kind: "CAMPAIGN", campaignId }, aggregates, (aggregate) => ({
    ...provenance,
    suiteHash: suiteHashes.get(aggregate.useCode) ?? null,
    title: `Campaign ${campaign.name}`,
  }));
}

/**
 * After an override of one run of a completed campaign: that campaign's evidence rows for the
 * run's cells (its risks in its use, and any a counted classifier's failure named) get the new counts, in place. Nothing else changes: not
 * the other cells, not the date, so not which campaign is current (current-evidence.ts).
 */
export async function recountOverriddenRun(db: Db | DbTransaction, caseRunId: string): Promise<void> {
  const run = await db.caseRun.findUniqueOrThrow({
    where: { id: caseRunId },
    select: { campaignId: true, findings: true, risks: true, case: { select: { suite: { select: { use: { select: { code: true } } } } } } },
  });
  const useCode = run.case.suite.use.code;
  const caseRisks = readNameList(run.risks, "CaseRun.risks");
  const risks = [...caseRisks, ...risksFailedBeyond(readStoredFindings(run.findings), caseRisks)];
  const ownCells = new Set(risks.map((riskCode) => `${riskCode}|${useCode}`));
  const aggregates = (await aggregateCampaign(db, run.campaignId)).filter((aggregate) => ownCells.has(`${aggregate.riskCode}|${aggregate.useCode}`));
  await recountSourceEvidence(db, { kind: "CAMPAIGN", campaignId: run.campaignId }, aggregates);
}

interface ProvenanceCampaign {
  backend: string;
  backendConfig: unknown;
  modelRevision: string;
  judge: unknown;
  judgeRevision: string | null;
  servedModel: unknown;
}

function describeRecorded(campaign: ProvenanceCampaign): string | null {
  const recorded = recordedServedModel({ servedModel: campaign.servedModel as CampaignRow["servedModel"] });
  return recorded ? describeServedModel(recorded) : null;
}

/** What answered: this engine, or an endpoint with the model it served and the revision its admin declared. */
async function backendProvenance(db: Db | DbTransaction, campaign: ProvenanceCampaign) {
  if (campaign.backend !== "openai") return { backend: campaign.backend, endpoint: null, servedModel: null, declaredRevision: null };
  const config = (campaign.backendConfig ?? {}) as { target?: string; baseUrl?: string; model?: string };
  const target = config.target ? await db.servingTarget.findUnique({ where: { name: config.target }, select: { baseUrl: true, model: true } }) : null;
  return {
    backend: "openai",
    endpoint: target?.baseUrl ?? config.baseUrl ?? null,
    // What the endpoint said it serves, when it said: its name alone is what the admin configured.
    servedModel: describeRecorded(campaign) ?? target?.model ?? config.model ?? null,
    declaredRevision: campaign.modelRevision,
  };
}

/**
 * "kind@revision" of each model judge whose verdicts count ("adapter/kind@revision" for a
 * classifier), joined by ", " in the campaign's order; null when only the detectors judged.
 */
function countedJudges(campaign: ProvenanceCampaign): string | null {
  const counted = storedJudges(campaign as Parameters<typeof storedJudges>[0]).filter((judge) => judge.mode === "counted");
  if (counted.length === 0) return null;
  return counted.map((judge) => `${judge.adapter !== "rubric" ? `${judge.adapter}/` : ""}${judge.kind}@${judge.revision}`).join(", ");
}

/**
 * The suites the campaign's evidence was made under, by use: as they were when it was created. The
 * suites as they are now would date evidence measured on prompts since reworded as the new suite's,
 * and a "retry failed" after the change would turn it current again. A campaign created before the
 * hashes were kept reads the suites as they are now, as it always did.
 */
async function campaignSuiteHashes(db: Db | DbTransaction, campaign: { id: string; suiteHashes: unknown }): Promise<Map<string, string>> {
  if (campaign.suiteHashes === null) return suiteHashByUse(db, campaign.id);
  return new Map(Object.entries(readJsonColumn(z.record(z.string(), z.string()), campaign.suiteHashes, "Campaign.suiteHashes")));
}

/**
 * The content hash of the suites a use's cases came from: the suite's own hash, or a hash of the
 * sorted hashes when one use has several suites. current-hashes.ts computes the current one the same way.
 */
export async function suiteHashByUse(db: Db | DbTransaction, campaignId: string): Promise<Map<string, string>> {
  const suites = await db.testSuite.findMany({
    where: { cases: { some: { runs: { some: { campaignId } } } } },
    select: { contentHash: true, use: { select: { code: true } } },
  });
  return combineSuiteHashes(suites.map((suite) => ({ useCode: suite.use.code, contentHash: suite.contentHash })));
}

export function combineSuiteHashes(suites: { useCode: string; contentHash: string }[]): Map<string, string> {
  const byUse = new Map<string, string[]>();
  for (const suite of suites) byUse.set(suite.useCode, [...(byUse.get(suite.useCode) ?? []), suite.contentHash]);
  return new Map(
    [...byUse].map(([useCode, hashes]) => [useCode, hashes.length === 1 ? hashes[0] : createHash("sha256").update(hashes.sort().join("\n")).digest("hex")]),
  );
}
