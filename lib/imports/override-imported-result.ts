// An imported result's verdict is overridden as a campaign run's is (lib/campaigns/scoring/override.ts): a
// reviewer proposes another verdict with a reason, a second reviewer or approver confirms it, and
// only then does it count, recounting the import's own cells in place (never which source is
// current, nor its date). The tool's own verdict stays stored beside it; every step is audited.
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { overrideSchema } from "../campaigns/scoring/override";
import { defineCommand } from "../commands/define-command";
import { recountOverriddenResult } from "../evidence/import-aggregate";

export const overrideImportedResultSchema = overrideSchema.omit({ caseRunId: true }).extend({ resultId: z.string().min(1).max(100) });
export type OverrideImportedResultInput = z.input<typeof overrideImportedResultSchema>;

export const confirmImportedOverrideSchema = z.object({ resultId: z.string().min(1).max(100) });

export type ImportedOverrideResult = { ok: true; pending: boolean } | { ok: false; kind: "invalid" | "forbidden" | "not_found" | "conflict"; message: string };

export const overrideImportedResult = defineCommand({
  name: "imported-result.override",
  doing: "overriding an imported result's verdict",
  role: "REVIEWER",
  schema: overrideImportedResultSchema,
  audit: ["imported-result.override-proposed", "imported-result.override-withdrawn"],
  async run(db, actor, input): Promise<ImportedOverrideResult> {
    const { resultId, verdict, reason } = input;
    return db.$transaction(async (tx) => {
      const result = await tx.externalResult.findUnique({
        where: { id: resultId },
        select: { verdict: true, overrideVerdict: true, overrideReason: true, overrideConfirmedAt: true },
      });
      if (!result) return { ok: false, kind: "not_found", message: `no imported result ${resultId}` } as const;
      await tx.externalResult.update({
        where: { id: resultId },
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
        action: verdict ? "imported-result.override-proposed" : "imported-result.override-withdrawn",
        entityType: "ExternalResult",
        entityId: resultId,
        before: {
          verdict: result.verdict,
          overrideVerdict: result.overrideVerdict,
          overrideReason: result.overrideReason,
          confirmed: result.overrideConfirmedAt !== null,
        },
        after: { verdict: result.verdict, overrideVerdict: verdict, overrideReason: verdict ? reason : null, reason, confirmed: false },
      });
      // Only a confirmed override was counted: replacing or withdrawing one recounts its cells.
      if (result.overrideConfirmedAt) await recountOverriddenResult(tx, resultId);
      return { ok: true, pending: verdict !== null } as const;
    });
  },
});

/** A second person confirms a proposed override of an imported result; from then on it counts. */
export const confirmImportedOverride = defineCommand({
  name: "imported-result.confirm-override",
  doing: "confirming an override of an imported result",
  role: "REVIEWER",
  schema: confirmImportedOverrideSchema,
  audit: ["imported-result.override-confirmed"],
  async run(db, actor, input): Promise<ImportedOverrideResult> {
    const { resultId } = input;
    return db.$transaction(async (tx) => {
      const result = await tx.externalResult.findUnique({
        where: { id: resultId },
        select: { verdict: true, overrideVerdict: true, overrideReason: true, overrideById: true, overrideConfirmedAt: true },
      });
      if (!result) return { ok: false, kind: "not_found", message: `no imported result ${resultId}` } as const;
      if (!result.overrideVerdict) return { ok: false, kind: "conflict", message: "there is no proposed override on this result to confirm" } as const;
      if (result.overrideConfirmedAt) return { ok: false, kind: "conflict", message: "this override is already confirmed" } as const;
      if (actor.id === null || result.overrideById === actor.id) {
        return { ok: false, kind: "forbidden", message: "you proposed this override: a second reviewer or approver must confirm it" } as const;
      }
      await tx.externalResult.update({ where: { id: resultId }, data: { overrideConfirmedById: actor.id, overrideConfirmedAt: new Date() } });
      await recordAuditEvent(tx, actor, {
        action: "imported-result.override-confirmed",
        entityType: "ExternalResult",
        entityId: resultId,
        before: { verdict: result.verdict, overrideVerdict: result.overrideVerdict, confirmed: false },
        after: { verdict: result.verdict, overrideVerdict: result.overrideVerdict, overrideReason: result.overrideReason, confirmed: true },
      });
      await recountOverriddenResult(tx, resultId);
      return { ok: true, pending: false } as const;
    });
  },
});
