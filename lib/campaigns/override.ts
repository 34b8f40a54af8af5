// A reviewer who reads an output and disagrees with the detectors overrides that one run's
// verdict, with a reason. The detectors' own verdict stays stored beside it; the aggregate counts
// the override and says how many it holds; the change is in the audit log.
import { z } from "zod";
import { freeText } from "../domain/free-text";
import type { Actor } from "../auth/actor";
import { hasRole } from "../auth/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Db } from "../db/types";
import { recountOverriddenRun } from "../evidence/campaign-aggregate";

export const overrideSchema = z.object({
  caseRunId: z.string().min(1),
  /** null takes the override back: the detectors' verdict counts again. */
  verdict: z.enum(["PASS", "FAIL"]).nullable(),
  reason: freeText("the reason").trim().min(3, "say why the verdict is wrong").max(2000),
});
export type OverrideInput = z.input<typeof overrideSchema>;

export type OverrideResult = { ok: true } | { ok: false; kind: "invalid" | "forbidden" | "not_found" | "not_finished"; message: string };

export async function overrideVerdict(db: Db, actor: Actor, input: unknown): Promise<OverrideResult> {
  const parsed = overrideSchema.safeParse(input);
  if (!parsed.success) return { ok: false, kind: "invalid", message: parsed.error.issues.map((issue) => issue.message).join("; ") };
  if (!hasRole(actor, "REVIEWER")) {
    return { ok: false, kind: "forbidden", message: `${actor.label} is a ${actor.role.toLowerCase()}: overriding a verdict needs the reviewer role` };
  }
  const { caseRunId, verdict, reason } = parsed.data;
  return db.$transaction(async (tx) => {
    const run = await tx.caseRun.findUnique({
      where: { id: caseRunId },
      select: { status: true, verdict: true, overrideVerdict: true, overrideReason: true, campaignId: true, campaign: { select: { status: true } } },
    });
    if (!run) return { ok: false, kind: "not_found", message: `no case run ${caseRunId}` } as const;
    if (run.status !== "DONE") return { ok: false, kind: "not_finished", message: "only a finished run's verdict can be overridden" } as const;
    await tx.caseRun.update({
      where: { id: caseRunId },
      data: { overrideVerdict: verdict, overrideReason: verdict ? reason : null, overrideById: actor.id },
    });
    await recordAuditEvent(tx, actor, {
      action: verdict ? "case-run.override" : "case-run.override-withdrawn",
      entityType: "CaseRun",
      entityId: caseRunId,
      before: { verdict: run.verdict, overrideVerdict: run.overrideVerdict, overrideReason: run.overrideReason },
      after: { verdict: run.verdict, overrideVerdict: verdict, overrideReason: verdict ? reason : null, reason },
    });
    // A completed campaign's evidence for this run's cells is recounted at once (never re-dated, so
    // which campaign is current does not move); a running one counts it when it completes.
    if (run.campaign.status === "COMPLETED") await recountOverriddenRun(tx, caseRunId);
    return { ok: true } as const;
  });
}
