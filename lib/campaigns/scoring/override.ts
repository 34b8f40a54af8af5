// A reviewer who reads an output and disagrees with the detectors proposes an override of that one
// run's verdict, with a reason. A proposal counts for nothing until a second person (a reviewer or
// approver other than its author) confirms it; until then the cell shows the detectors' verdict
// with "override pending". The detectors' own verdict always stays stored beside it. Confirming
// (or taking back a confirmed override) recounts that run's own cells of a completed campaign in
// place: it never changes which campaign is a cell's current evidence, nor its date. Every step is
// in the audit log.
import { z } from "zod";
import { freeText } from "../../domain/free-text";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { recountOverriddenRun } from "../../evidence/campaign-aggregate";
import { defineCommand } from "../../commands/define-command";

export const overrideSchema = z.object({
  caseRunId: z.string().min(1).max(100),
  /** null takes the override back: the detectors' verdict counts again. */
  verdict: z.enum(["PASS", "FAIL"], { error: "choose the verdict that should count: pass or fail" }).nullable(),
  reason: freeText("the reason").trim().min(3, "say why the verdict is wrong").max(2000),
});
export type OverrideInput = z.input<typeof overrideSchema>;

export const confirmOverrideSchema = z.object({ caseRunId: z.string().min(1).max(100) });

export type OverrideResult =
  | { ok: true; pending: boolean }
  | { ok: false; kind: "invalid" | "forbidden" | "not_found" | "not_finished" | "conflict"; message: string };

export const overrideVerdict = defineCommand({
  name: "case-run.override",
  doing: "overriding a verdict",
  role: "REVIEWER",
  schema: overrideSchema,
  audit: ["case-run.override-proposed", "case-run.override-withdrawn"],
  async run(db, actor, input): Promise<OverrideResult> {
    const { caseRunId, verdict, reason } = input;
    return db.$transaction(async (tx) => {
      const run = await tx.caseRun.findUnique({
        where: { id: caseRunId },
        select: { status: true, verdict: true, overrideVerdict: true, overrideReason: true, overrideConfirmedAt: true, campaign: { select: { status: true } } },
      });
      if (!run) return { ok: false, kind: "not_found", message: `no case run ${caseRunId}` } as const;
      if (run.status !== "DONE") return { ok: false, kind: "not_finished", message: "only a finished run's verdict can be overridden" } as const;
      await tx.caseRun.update({
        where: { id: caseRunId },
        data: {
          overrideVerdict: verdict,
          overrideReason: verdict ? reason : null,
          overrideById: verdict ? actor.id : null,
          overrideAt: verdict ? new Date() : null,
          overrideConfirmedById: null,
          overrideConfirmedAt: null,
        },
      });
      await recordAuditEvent(tx, actor, {
        action: verdict ? "case-run.override-proposed" : "case-run.override-withdrawn",
        entityType: "CaseRun",
        entityId: caseRunId,
        before: { verdict: run.verdict, overrideVerdict: run.overrideVerdict, overrideReason: run.overrideReason, confirmed: run.overrideConfirmedAt !== null },
        after: { verdict: run.verdict, overrideVerdict: verdict, overrideReason: verdict ? reason : null, reason, confirmed: false },
      });
      // Only a confirmed override was counted: replacing or withdrawing one recounts its cells.
      if (run.overrideConfirmedAt && run.campaign.status === "COMPLETED") await recountOverriddenRun(tx, caseRunId);
      return { ok: true, pending: verdict !== null } as const;
    });
  },
});

/** A second person confirms a proposed override; from then on it counts. */
export const confirmOverride = defineCommand({
  name: "case-run.confirm-override",
  doing: "confirming an override",
  role: "REVIEWER",
  schema: confirmOverrideSchema,
  audit: ["case-run.override-confirmed"],
  async run(db, actor, input): Promise<OverrideResult> {
    const { caseRunId } = input;
    return db.$transaction(async (tx) => {
      const run = await tx.caseRun.findUnique({
        where: { id: caseRunId },
        select: {
          verdict: true,
          overrideVerdict: true,
          overrideReason: true,
          overrideById: true,
          overrideConfirmedAt: true,
          campaign: { select: { status: true } },
        },
      });
      if (!run) return { ok: false, kind: "not_found", message: `no case run ${caseRunId}` } as const;
      if (!run.overrideVerdict) return { ok: false, kind: "conflict", message: "there is no proposed override on this run to confirm" } as const;
      if (run.overrideConfirmedAt) return { ok: false, kind: "conflict", message: "this override is already confirmed" } as const;
      if (actor.id === null || run.overrideById === actor.id) {
        return { ok: false, kind: "forbidden", message: "you proposed this override: a second reviewer or approver must confirm it" } as const;
      }
      await tx.caseRun.update({ where: { id: caseRunId }, data: { overrideConfirmedById: actor.id, overrideConfirmedAt: new Date() } });
      await recordAuditEvent(tx, actor, {
        action: "case-run.override-confirmed",
        entityType: "CaseRun",
        entityId: caseRunId,
        before: { verdict: run.verdict, overrideVerdict: run.overrideVerdict, confirmed: false },
        after: { verdict: run.verdict, overrideVerdict: run.overrideVerdict, overrideReason: run.overrideReason, confirmed: true },
      });
      if (run.campaign.status === "COMPLETED") await recountOverriddenRun(tx, caseRunId);
      return { ok: true, pending: false } as const;
    });
  },
});
