// Starting a campaign, the same way from the browser, the CLI and the API: the settings are
// validated, the model revisions the backend (and any model judge) will answer with are fixed, and one CaseRun per case x
// repeat is written in bulk. Workers pick the campaign up from there (see worker.ts).
import type { Actor } from "../auth/actor";
import { hasRole } from "../auth/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Db } from "../db/types";
import { resolveModelRevision } from "./campaign-backend";
import { campaignSettingsSchema, type CampaignSettings } from "./campaign-settings";
import { settingsHash } from "./settings-hash";

export type CreateCampaignResult =
  | { ok: true; campaignId: string; runs: number }
  | { ok: false; kind: "invalid" | "forbidden" | "not_found" | "empty"; message: string; issues?: { path: string; message: string }[] };

export async function createCampaign(db: Db, actor: Actor, input: unknown): Promise<CreateCampaignResult> {
  const parsed = campaignSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    return { ok: false, kind: "invalid", message: issues.map((i) => `${i.path}: ${i.message}`).join("; "), issues };
  }
  if (!hasRole(actor, "REVIEWER")) {
    return { ok: false, kind: "forbidden", message: `${actor.label} is a ${actor.role.toLowerCase()}: running a campaign needs the reviewer role` };
  }
  const settings = parsed.data;
  const model = await db.model.findUnique({ where: { slug: settings.modelSlug } });
  if (!model) return { ok: false, kind: "not_found", message: `no model "${settings.modelSlug}"` };

  const cases = await selectCases(db, model.id, settings);
  if (cases.length === 0) {
    return { ok: false, kind: "empty", message: "no case matches these uses and risks: sync the suites (`riskledger suites sync`) or widen the choice" };
  }
  // Endpoints are serving targets an admin configured: one that is not is refused here, by name.
  const backendRevision = await resolveModelRevision(db, model, settings.backend);
  if (!backendRevision.ok) return { ok: false, kind: "invalid", message: `backend.target: ${backendRevision.message}`, issues: [{ path: "backend.target", message: backendRevision.message }] };
  const judgeRevisionFound = settings.judge.kind === "off" ? null : await resolveModelRevision(db, model, settings.judge);
  if (judgeRevisionFound && !judgeRevisionFound.ok) {
    return { ok: false, kind: "invalid", message: `judge.target: ${judgeRevisionFound.message}`, issues: [{ path: "judge.target", message: judgeRevisionFound.message }] };
  }
  const modelRevision = backendRevision.revision;
  const judgeRevision = judgeRevisionFound?.revision ?? null;
  const suiteKeys = [...new Set(cases.map((c) => c.suite.key))].sort();
  const { kind, ...backendConfig } = settings.backend;
  const { seed, ...sampling } = settings.sampling;

  const campaign = await db.$transaction(async (tx) => {
    const created = await tx.campaign.create({
      data: {
        modelId: model.id,
        name: settings.name || defaultName(settings, suiteKeys),
        status: "QUEUED",
        modelRevision,
        backend: kind,
        backendConfig,
        sampling,
        seed,
        suiteKeys,
        riskCodes: settings.risks,
        useCodes: settings.uses.length > 0 ? settings.uses : [...new Set(cases.map((c) => c.suite.use.code))].sort(),
        repeats: settings.repeats,
        judge: settings.judge.kind === "off" ? undefined : settings.judge,
        judgeRevision,
        settingsHash: settingsHash(settings),
        createdById: actor.id,
      },
    });
    const runs = cases.flatMap((c) => Array.from({ length: settings.repeats }, (_, repeat) => ({ campaignId: created.id, caseId: c.id, repeat })));
    await tx.caseRun.createMany({ data: runs });
    await recordAuditEvent(tx, actor, {
      action: "campaign.create",
      entityType: "Campaign",
      entityId: created.id,
      after: { name: created.name, modelRevision, settingsHash: created.settingsHash, suiteKeys, runs: runs.length, settings },
    });
    return created;
  });
  return { ok: true, campaignId: campaign.id, runs: cases.length * settings.repeats };
}

/** The model's cases in the chosen uses that probe a chosen risk, in suite then key order. */
async function selectCases(db: Db, modelId: string, settings: CampaignSettings) {
  const cases = await db.testCase.findMany({
    where: {
      suite: { modelId, ...(settings.uses.length > 0 ? { use: { code: { in: settings.uses } } } : {}) },
      ...(settings.caseIds ? { id: { in: settings.caseIds } } : {}),
    },
    select: { id: true, key: true, risks: true, suite: { select: { key: true, use: { select: { code: true } } } } },
    orderBy: [{ suite: { key: "asc" } }, { key: "asc" }],
  });
  const wanted = new Set(settings.risks);
  const matching = wanted.size === 0 ? cases : cases.filter((c) => (c.risks as string[]).some((risk) => wanted.has(risk)));
  if (settings.casesPerSuite === undefined) return matching;
  const taken = new Map<string, number>();
  return matching.filter((c) => {
    const count = taken.get(c.suite.key) ?? 0;
    taken.set(c.suite.key, count + 1);
    return count < settings.casesPerSuite!;
  });
}

function defaultName(settings: CampaignSettings, suiteKeys: string[]): string {
  const uses = settings.uses.length > 0 ? settings.uses.join("+") : "all uses";
  const risks = settings.risks.length > 0 ? ` ${settings.risks.join("+")}` : "";
  return `${uses}${risks} · seed ${settings.sampling.seed} · ${settings.repeats}x · ${suiteKeys.length} suite${suiteKeys.length === 1 ? "" : "s"}`;
}
