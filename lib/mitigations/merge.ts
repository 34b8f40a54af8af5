// Merges two mitigations that say the same thing: the kept one takes over every risk and every
// cell status of the merged one, the merged one is deleted, and one AuditEvent records both. A cell
// that tracked both with different statuses keeps the kept one's: its judgement changed, so it moves
// as an edit of it does (a new version, audited on the cell, back to review if approved).
import { z } from "zod";
import { changedFields, recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../auth/actor";
import { isApprovalStatus } from "../cells/cell-permissions";
import { type CellSnapshot, cellSnapshot, comparableFields } from "../cells/cell-snapshot";
import type { DbTransaction } from "../db/types";
import { byCodeNumber } from "../domain/cell-key";
import { defineCommand } from "../commands/define-command";
import { recordId } from "../domain/record-id";

export const mergeMitigationsSchema = z
  .object({ keepId: recordId("the kept mitigation's id"), mergeId: recordId("the merged mitigation's id") })
  .refine((input) => input.keepId !== input.mergeId, { message: "a mitigation cannot be merged into itself", path: ["mergeId"] });

export type MergeMitigationsResult =
  | { ok: true; kept: { id: string; text: string; riskCodes: string[] } }
  | { ok: false; kind: "invalid" | "not_found" | "forbidden"; message: string };

export const mergeMitigations = defineCommand({
  name: "mitigation.merge",
  doing: "merging mitigations",
  role: "REVIEWER",
  schema: mergeMitigationsSchema,
  audit: ["mitigation.merge", "cell.update", "cell.update-reopened"],
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
      const keptStatus = new Map(kept.inCells.map((status) => [status.cellId, status.status]));
      const differing = merged.inCells.filter((status) => keptStatus.has(status.cellId) && keptStatus.get(status.cellId) !== status.status);
      const before = await Promise.all(differing.map((status) => cellSnapshot(tx, status.cellId)));
      for (const status of merged.inCells) {
        // Where a cell already tracks the kept mitigation, that status stands; the merged one's is in the audit.
        if (keptStatus.has(status.cellId)) continue;
        await tx.cellMitigation.create({ data: { cellId: status.cellId, mitigationId: keepId, status: status.status } });
      }
      await tx.mitigation.delete({ where: { id: mergeId } });
      for (const cell of before) await recordJudgementChange(tx, actor, cell);

      const riskCodes = [...new Set([...kept.risks, ...merged.risks].map((link) => link.risk.code))].sort(byCodeNumber);
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

/** A cell whose mitigation statuses the merge changed, as updateCell records a change to its judgement. */
async function recordJudgementChange(tx: DbTransaction, actor: Actor, before: CellSnapshot) {
  const reopened = isApprovalStatus(before.reviewStatus);
  await tx.cell.update({
    where: { id: before.id },
    data: { judgementChangedById: actor.id, version: { increment: 1 }, ...(reopened ? { reviewStatus: "IN_REVIEW" as const } : {}) },
  });
  const after = await cellSnapshot(tx, before.id);
  const diff = changedFields(comparableFields(before), comparableFields(after));
  await recordAuditEvent(tx, actor, {
    action: reopened ? "cell.update-reopened" : "cell.update",
    entityType: "Cell",
    entityId: before.id,
    before: { version: before.version, ...diff.before },
    after: { version: after.version, ...diff.after },
  });
}
