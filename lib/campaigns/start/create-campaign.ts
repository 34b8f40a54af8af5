// Starting a campaign, the same way from the browser, the CLI and the API: the settings are
// validated, its size is held to the admin's limits (campaign-limits.ts), the model revisions the backend (and each model
// judge) will answer with are fixed, a judge asked to count is refused unless its measured accuracy
// clears the admin's floor (lib/labelling/judge-counting.ts), and one CaseRun per case x repeat is written in chunks (write-campaign-runs.ts).
// Workers pick the campaign up once it is QUEUED (see worker.ts).
import type { Actor } from "../../auth/actor";
import { recordAuditEvent } from "../../audit/record-audit-event";
import type { Db } from "../../db/types";
import { isSmokeTestCheckpoint, resolveModelRevision } from "../runner/campaign-backend";
import { campaignSizeSchema, loadCampaignLimits, overLimit, queuedRunsOf, type CampaignLimits } from "../settings/campaign-limits";
import { storedJudgesValue, type StoredJudge } from "../settings/campaign-row";
import { campaignJudges, campaignSettingsSchema, judgeFieldPath, type CampaignSettings } from "../settings/campaign-settings";
import { settingsHash } from "../settings/settings-hash";
import { loadCellsAskedNotTested } from "../reads/cells-asked-not-tested";
import { drawCasesPerSuite } from "./draw-cases";
import { writeCampaignRuns } from "./write-campaign-runs";
import { defineCommand } from "../../commands/define-command";
import { categoryRisksNow, judgeVersion } from "../../detectors/judges/judge-adapters";
import { measuredDetectorAccuracy } from "../../detectors/override-labels";
import { countingDecision, loadJudgeCountingFloor } from "../../labelling/judge-counting";
import { readNameList } from "../../db/json-columns";
import { byCodeNumber } from "../../domain/cell-key";
import { combineSuiteHashes } from "../../evidence/campaign-aggregate";

export type CreateCampaignResult =
  | {
      ok: true;
      campaignId: string;
      runs: number;
      /** The cells asked for that none of its cases tests (reads/cells-asked-not-tested.ts), in matrix order. */
      cellsNotTested: { riskCode: string; useCode: string }[];
    }
  | { ok: false; kind: "invalid" | "forbidden" | "not_found" | "empty"; message: string; issues?: { path: string; message: string }[] };

export const createCampaign = defineCommand({
  name: "campaign.create",
  doing: "running a campaign",
  role: "REVIEWER",
  schema: campaignSettingsSchema,
  audit: ["campaign.create"],
  async run(db, actor, settings): Promise<CreateCampaignResult> {
    const limits = await loadCampaignLimits(db);
    const size = campaignSizeSchema(limits).safeParse(settings);
    if (!size.success) return invalid(size.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })));
    const model = await db.model.findUnique({ where: { slug: settings.modelSlug } });
    if (!model) return { ok: false, kind: "not_found", message: `no model "${settings.modelSlug}"` };

    const scope = await campaignScopeProblem(db, settings.modelSlug, settings);
    if (scope) return invalid([scope]);
    const askedCases = settings.caseIds ? await caseIdsProblem(db, model, settings.caseIds) : null;
    if (askedCases) return invalid([askedCases]);
    const cases = await selectCases(db, model.id, settings);
    if (cases.length === 0) {
      return { ok: false, kind: "empty", message: "no case matches these uses and risks: sync the suites (`riskledger suites sync`) or widen the choice" };
    }
    const overSize = await overSizeLimits(db, actor, cases, settings.repeats, limits);
    if (overSize) return invalid([overSize]);
    // Endpoints are serving targets an admin configured: one that is not is refused here, by name.
    const backendRevision = await resolveModelRevision(db, model, settings.backend);
    if (!backendRevision.ok) {
      const field = settings.backend.kind === "local" ? "backend" : "backend.target";
      return { ok: false, kind: "invalid", message: `${field}: ${backendRevision.message}`, issues: [{ path: field, message: backendRevision.message }] };
    }
    const judges = campaignJudges(settings);
    const fixedJudges: StoredJudge[] = [];
    for (const [index, judge] of judges.entries()) {
      const found = await resolveModelRevision(db, model, judge);
      if (!found.ok) return invalid([{ path: judgeFieldPath(settings, index, "target"), message: found.message }]);
      // A classifier's categories and their risks are fixed now too: its runs are judged, and its evidence recorded, with these.
      const categoryRisks = categoryRisksNow(judge.adapter);
      fixedJudges.push({ ...judge, revision: found.revision, ...(categoryRisks ? { categoryRisks } : {}) });
    }
    const modelRevision = backendRevision.revision;
    const counted = fixedJudges.filter((judge) => judge.mode === "counted");
    // Its noise would decide verdicts that no smoke-test mark follows: the campaign's own answers are a real model's.
    const noiseJudge = settings.backend.kind === "local" ? undefined : counted.find((judge) => judge.kind === "local");
    if (noiseJudge && isSmokeTestCheckpoint(model)) {
      const message =
        "a local judge here is the generated smoke-test model, whose verdicts are noise: it may run advisory only until the model has a real checkpoint";
      return invalid([{ path: judgeFieldPath(settings, fixedJudges.indexOf(noiseJudge), "mode"), message }]);
    }
    if (counted.length > 0) {
      const [measures, floor] = await Promise.all([measuredDetectorAccuracy(db), loadJudgeCountingFloor(db)]);
      for (const judge of counted) {
        const name = `model-judge@${judgeVersion(judge.adapter, { name: judge.kind, modelRevision: judge.revision })}`;
        const decision = countingDecision(name, measures.get(name), floor);
        if (!decision.counts) {
          const message = `a judge counts only once measured: ${decision.why}; run it advisory and label its verdicts in the labelling queue`;
          return invalid([{ path: judgeFieldPath(settings, fixedJudges.indexOf(judge), "mode"), message }]);
        }
      }
    }
    const suiteKeys = [...new Set(cases.map((c) => c.suite.key))].sort();
    // The suites as its cases are read now: its evidence is made under these, however late it is written.
    const suites = [...new Map(cases.map((c) => [c.suite.key, { useCode: c.suite.use.code, contentHash: c.suite.contentHash }])).values()];
    const suiteHashes = Object.fromEntries(combineSuiteHashes(suites));
    const { kind, ...backendConfig } = settings.backend;
    const { seed, ...sampling } = settings.sampling;

    const campaign = await db.$transaction(async (tx) => {
      const created = await tx.campaign.create({
        data: {
          modelId: model.id,
          name: settings.name || defaultName(settings, suiteKeys),
          status: "CREATING",
          modelRevision,
          backend: kind,
          backendConfig,
          sampling,
          seed,
          suiteKeys,
          suiteHashes,
          riskCodes: settings.risks,
          useCodes: settings.uses.length > 0 ? settings.uses : [...new Set(cases.map((c) => c.suite.use.code))].sort(byCodeNumber),
          repeats: settings.repeats,
          casesPerSuite: settings.casesPerSuite ?? null,
          casesDrawnPerRisk: settings.casesPerSuite === undefined ? null : true,
          casesChosenById: settings.caseIds !== undefined,
          // Each judge with the revision it answers with, fixed now as the model's is (campaign-row.ts reads it back).
          judge: storedJudgesValue(fixedJudges),
          verdictRule: settings.verdictRule,
          settingsHash: settingsHash(settings),
          createdById: actor.id,
        },
      });
      await recordAuditEvent(tx, actor, {
        action: "campaign.create",
        entityType: "Campaign",
        entityId: created.id,
        after: { name: created.name, modelRevision, settingsHash: created.settingsHash, suiteKeys, runs: cases.length * settings.repeats, settings },
      });
      return created;
    });
    const runs = await writeCampaignRuns(db, campaign.id, cases, settings.repeats);
    return { ok: true, campaignId: campaign.id, runs, cellsNotTested: await loadCellsAskedNotTested(db, campaign.id) };
  },
});

function invalid(issues: { path: string; message: string }[]): CreateCampaignResult {
  return { ok: false, kind: "invalid", message: issues.map((i) => `${i.path}: ${i.message}`).join("; "), issues };
}

/** The limits only the chosen cases can be held to: each suite's share, the campaign's runs, the person's queue. */
async function overSizeLimits(db: Db, actor: Actor, cases: { suite: { key: string } }[], repeats: number, limits: CampaignLimits) {
  const perSuite = new Map<string, number>();
  for (const c of cases) perSuite.set(c.suite.key, (perSuite.get(c.suite.key) ?? 0) + 1);
  for (const [suite, count] of perSuite) {
    if (count > limits.maxCasesPerSuite) {
      return { path: "casesPerSuite", message: `suite ${suite}: ${overLimit("maxCasesPerSuite", limits, count)}; choose fewer cases per suite` };
    }
  }
  const runs = cases.length * repeats;
  if (runs > limits.maxRunsPerCampaign) {
    return { path: "repeats", message: `${cases.length} cases x ${repeats} repeats: ${overLimit("maxRunsPerCampaign", limits, runs)}` };
  }
  const queued = await queuedRunsOf(db, actor);
  if (queued + runs > limits.maxQueuedRunsPerPerson) {
    return {
      path: "repeats",
      message: `${queued.toLocaleString("en")} runs already queued + ${runs.toLocaleString("en")}: ${overLimit("maxQueuedRunsPerPerson", limits, queued + runs)}; wait for your campaigns to finish or cancel one`,
    };
  }
  return null;
}

/**
 * The first use or risk asked for that is not the model's own, or is retired, as a field and a message;
 * null when all are (or the model is not there: that is refused on its own). Dropped in silence, such
 * a code would run a narrower campaign than the one asked for. The CLI asks this before it syncs the suites.
 */
export async function campaignScopeProblem(
  db: Db,
  modelSlug: string,
  asked: { uses: string[]; risks: string[] },
): Promise<{ path: string; message: string } | null> {
  const model = await db.model.findUnique({
    where: { slug: modelSlug },
    select: { uses: { select: { code: true, retiredAt: true } }, risks: { select: { code: true, retiredAt: true } } },
  });
  if (!model) return null;
  const checks = [
    { path: "uses", kind: "use", codes: asked.uses, own: model.uses },
    { path: "risks", kind: "risk", codes: asked.risks, own: model.risks },
  ];
  for (const { path, kind, codes, own } of checks) {
    for (const code of codes) {
      const found = own.find((item) => item.code === code);
      if (found?.retiredAt) return { path, message: `${code} is retired from ${modelSlug}` };
      if (!found) {
        const current = own.filter((item) => !item.retiredAt).map((item) => item.code);
        return { path, message: `no ${kind} ${code} in ${modelSlug} (its ${path}: ${[...current].sort(byCodeNumber).join(", ")})` };
      }
    }
  }
  return null;
}

/**
 * The first case id asked for that is not one of the model's cases, or is retired from its suite, as
 * a field and a message; null when all are. Dropped in silence, such an id would run fewer cases than asked.
 */
async function caseIdsProblem(db: Db, model: { id: string; slug: string }, caseIds: string[]): Promise<{ path: string; message: string } | null> {
  const found = new Map(
    (await db.testCase.findMany({ where: { id: { in: caseIds }, suite: { modelId: model.id } }, select: { id: true, key: true, retiredAt: true } })).map(
      (testCase) => [testCase.id, testCase],
    ),
  );
  for (const id of caseIds) {
    const testCase = found.get(id);
    if (!testCase) return { path: "caseIds", message: `no case "${id}" in ${model.slug}` };
    if (testCase.retiredAt) return { path: "caseIds", message: `case ${testCase.key} is retired from its suite` };
  }
  return null;
}

/**
 * The model's cases in the chosen uses that probe a chosen risk, in suite then key order; with cases per suite, the
 * ones drawn of each suite (draw-cases.ts).
 */
async function selectCases(db: Db, modelId: string, settings: CampaignSettings) {
  const cases = await db.testCase.findMany({
    where: {
      // A retired use has left the matrix: its suite runs no more.
      suite: { modelId, use: { retiredAt: null, ...(settings.uses.length > 0 ? { code: { in: settings.uses } } : {}) } },
      // A case taken out of its suite's file is retired: only the campaigns before keep it.
      retiredAt: null,
      ...(settings.caseIds ? { id: { in: settings.caseIds } } : {}),
    },
    select: {
      id: true,
      key: true,
      risks: true,
      language: true,
      expected: true,
      detectors: true,
      systemPrompt: true,
      turns: true,
      suite: { select: { key: true, contentHash: true, use: { select: { code: true } } } },
    },
    orderBy: [{ suite: { key: "asc" } }, { key: "asc" }],
  });
  const wanted = new Set(settings.risks);
  const askedRisksOf = new Map(
    cases.map((c) => {
      const risks = readNameList(c.risks, "Case.risks");
      return [c, wanted.size === 0 ? risks : risks.filter((risk) => wanted.has(risk))];
    }),
  );
  const matching = cases.filter((c) => wanted.size === 0 || askedRisksOf.get(c)!.length > 0);
  if (settings.casesPerSuite === undefined) return matching;
  return drawCasesPerSuite(matching, settings.casesPerSuite, (c) => askedRisksOf.get(c)!);
}

function defaultName(settings: CampaignSettings, suiteKeys: string[]): string {
  const uses = settings.uses.length > 0 ? settings.uses.join("+") : "all uses";
  const risks = settings.risks.length > 0 ? ` ${settings.risks.join("+")}` : "";
  return `${uses}${risks} · seed ${settings.sampling.seed} · ${settings.repeats}x · ${suiteKeys.length} suite${suiteKeys.length === 1 ? "" : "s"}`;
}
