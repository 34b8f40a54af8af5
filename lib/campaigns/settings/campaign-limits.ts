// How big a campaign may be. An admin sets the limits (one CampaignLimits row; the defaults below
// until then), and createCampaign refuses anything over them, so the browser form, the API and the
// CLI all meet the same limits with the same message: the limit's name, its value, what was asked.
import { z } from "zod";
import type { Actor } from "../../auth/actor";
import { changedFields, recordAuditEvent } from "../../audit/record-audit-event";
import type { Db } from "../../db/types";
import { defineCommand } from "../../commands/define-command";

/** Ceilings no admin setting goes past: a campaign of a million runs is a mistake, not a plan. */
const CEILING = { cases: 100_000, repeats: 1000, runs: 1_000_000 } as const;

const limit = (name: string, ceiling: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(1, `${name} must be at least 1`)
    .max(ceiling, `${name} must be at most ${ceiling.toLocaleString("en")}`);

export const campaignLimitsSchema = z.object({
  maxCasesPerSuite: limit("cases per suite", CEILING.cases),
  maxRepeats: limit("repeats", CEILING.repeats),
  maxRunsPerCampaign: limit("runs per campaign", CEILING.runs),
  /** Runs waiting or leased in one person's unfinished campaigns, the new one included. */
  maxQueuedRunsPerPerson: limit("queued runs per person", CEILING.runs * 10),
});
export type CampaignLimits = z.infer<typeof campaignLimitsSchema>;

/** Enough for every case of a suite at 20 samples each, small enough that one campaign cannot bury the queue. */
export const DEFAULT_CAMPAIGN_LIMITS: CampaignLimits = {
  maxCasesPerSuite: 1000,
  maxRepeats: 20,
  maxRunsPerCampaign: 50_000,
  maxQueuedRunsPerPerson: 100_000,
};

const LIMITS_ROW = "limits";

/** The limits' names as a person reads them in a refusal and on the limits page. */
export const CAMPAIGN_LIMIT_LABELS: Record<keyof CampaignLimits, string> = {
  maxCasesPerSuite: "cases per suite",
  maxRepeats: "repeats",
  maxRunsPerCampaign: "runs per campaign",
  maxQueuedRunsPerPerson: "queued runs per person",
};

export async function loadCampaignLimits(db: Db): Promise<CampaignLimits> {
  const row = await db.campaignLimits.findUnique({ where: { id: LIMITS_ROW } });
  if (!row) return DEFAULT_CAMPAIGN_LIMITS;
  const { maxCasesPerSuite, maxRepeats, maxRunsPerCampaign, maxQueuedRunsPerPerson } = row;
  return { maxCasesPerSuite, maxRepeats, maxRunsPerCampaign, maxQueuedRunsPerPerson };
}

/**
 * The campaign settings' size fields against the limits: the one schema every entry point's input
 * meets (createCampaign parses with it after campaignSettingsSchema).
 */
export function campaignSizeSchema(limits: CampaignLimits) {
  return z.object({
    repeats: z.number().max(limits.maxRepeats, { error: (issue) => overLimit("maxRepeats", limits, issue.input) }),
    casesPerSuite: z
      .number()
      .max(limits.maxCasesPerSuite, { error: (issue) => overLimit("maxCasesPerSuite", limits, issue.input) })
      .optional(),
  });
}

/** "repeats: 100 asked, the limit is 20 repeats (an admin sets it on the campaign limits page)". */
export function overLimit(name: keyof CampaignLimits, limits: CampaignLimits, asked: unknown): string {
  const value = typeof asked === "number" ? asked.toLocaleString("en") : String(asked);
  return `${value} asked, over the limit of ${limits[name].toLocaleString("en")} ${CAMPAIGN_LIMIT_LABELS[name]} (an admin sets it on the campaign limits page)`;
}

/** Runs waiting or leased in the unfinished campaigns `actor` created (the CLI's, with no person, count together). */
export async function queuedRunsOf(db: Db, actor: Actor): Promise<number> {
  return db.caseRun.count({
    where: {
      status: { in: ["PENDING", "LEASED"] },
      campaign: { createdById: actor.id, status: { in: ["CREATING", "QUEUED", "RUNNING", "PAUSED"] } },
    },
  });
}

export type UpdateCampaignLimitsResult =
  | { ok: true; limits: CampaignLimits }
  | { ok: false; kind: "invalid" | "forbidden"; message: string; issues?: { path: string; message: string }[] };

export const updateCampaignLimits = defineCommand({
  name: "campaign-limits.update",
  doing: "setting the campaign limits",
  role: "ADMIN",
  schema: campaignLimitsSchema,
  audit: ["campaignLimits.update"],
  async run(db, actor, input): Promise<UpdateCampaignLimitsResult> {
    const limits = input;
    await db.$transaction(async (tx) => {
      const before = await loadCampaignLimits(tx as Db);
      await tx.campaignLimits.upsert({
        where: { id: LIMITS_ROW },
        create: { id: LIMITS_ROW, ...limits, updatedById: actor.id },
        update: { ...limits, updatedById: actor.id },
      });
      const change = changedFields(before, limits);
      if (change.changed.length > 0) {
        await recordAuditEvent(tx, actor, { action: "campaignLimits.update", entityType: "CampaignLimits", entityId: LIMITS_ROW, ...change });
      }
    });
    return { ok: true, limits };
  },
});
