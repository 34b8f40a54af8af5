// Merges two mitigations that say the same thing: the kept one takes over every risk and every
// cell status of the merged one, the merged one is deleted, and one AuditEvent records both.
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { defineCommand } from "../commands/define-command";

export const mergeMitigationsSchema = z
  .object({ keepId: z.string().min(1).max(100), mergeId: z.string().min(1).max(100) })
  .refine((input) => input.keepId !== input.mergeId, { message: "a mitigation cannot be merged into itself", path: ["mergeId"] });

export type MergeMitigationsResult =
  | { ok: true; kept: { id: string; text: string; riskCodes: string[] } }
  | { ok: false; kind: "invalid" | "not_found" | "forbidden"; message: string };

export const mergeMitigations = defineCommand({
  name: "mitigation.merge",
  doing: "merging mitigations",
  role: "REVIEWER",
  schema: mergeMitigationsSchema,
  audit: ["mitigation.merge"],
  async run(db, actor, input): Promise<MergeMitigationsResult> {
    const { keepId, mergeId } = input;

    return db.$transaction(async (tx) => {
      const include = { risks: { include: { risk: { select: { code: true } } } }, inCells: true } as const;
      const kept = await tx.mitigation.findUnique({ where: { id: keepId }, include });
      const merged = await tx.mitigation.findUnique({ where: { id: mergeId }, include });
      if (!kept || !merged) return { ok: false, kind: "not_found", message: `no mitigation with id ${kept ? mergeId : keepId}` } as const;
      if (kept.modelId !== merged.modelId) {
        return { ok: false, kind: "invalid", message: "the two mitigations belong to different models" } as const;
      }
      const retired = [kept, merged].find((mitigation) => mitigation.retiredAt);
      if (retired) return { ok: false, kind: "invalid", message: `"${retired.text}" is retired: a retired mitigation is kept as it was, not merged` } as const;

      const keptRiskIds = new Set(kept.risks.map((link) => link.riskId));
      for (const link of merged.risks) {
        // A risk that lists both keeps the kept one where it already stands.
        if (keptRiskIds.has(link.riskId)) continue;
        await tx.riskMitigation.create({ data: { riskId: link.riskId, mitigationId: keepId, position: link.position } });
      }
      const keptCellIds = new Set(kept.inCells.map((status) => status.cellId));
      for (const status of merged.inCells) {
        // Where a cell already tracks the kept mitigation, that status stands; the merged one's is in the audit.
        if (keptCellIds.has(status.cellId)) continue;
        await tx.cellMitigation.create({ data: { cellId: status.cellId, mitigationId: keepId, status: status.status } });
      }
      await tx.mitigation.delete({ where: { id: mergeId } });

      const riskCodes = [...new Set([...kept.risks, ...merged.risks].map((link) => link.risk.code))].sort(byRiskNumber);
      await recordAuditEvent(tx, actor, {
        action: "mitigation.merge",
        entityType: "Mitigation",
        entityId: keepId,
        before: {
          kept: { id: kept.id, text: kept.text, risks: kept.risks.map((link) => link.risk.code) },
          merged: {
            id: merged.id,
            text: merged.text,
            risks: merged.risks.map((link) => link.risk.code),
            cellStatuses: Object.fromEntries(merged.inCells.map((status) => [status.cellId, status.status])),
          },
        },
        after: { kept: { id: kept.id, text: kept.text, risks: riskCodes } },
      });
      return { ok: true, kept: { id: kept.id, text: kept.text, riskCodes } } as const;
    });
  },
});

function byRiskNumber(a: string, b: string): number {
  return Number(a.slice(1)) - Number(b.slice(1));
}
