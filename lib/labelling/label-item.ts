// A reviewer's label on the item they hold: PASS or FAIL, whether the output does what its case
// expects. Written by one UPDATE guarded by the claim (only the holder, only once), audited in the
// same transaction; a label that cannot be written is refused saying why (someone else holds the
// item now, or it is labelled already), so no label is lost without its author knowing.
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { defineCommand } from "../commands/define-command";
import { freeText } from "../domain/free-text";
import { recordId } from "../domain/record-id";

export const labelItemSchema = z.object({
  itemId: recordId("the item's id"),
  label: z.enum(["PASS", "FAIL"], { error: "label the output pass (it does what the case expects) or fail" }),
  note: freeText("the note").trim().max(2000).optional(),
});
export type LabelItemInput = z.input<typeof labelItemSchema>;

export type LabelItemResult = { ok: true } | { ok: false; kind: "invalid" | "forbidden" | "not_found" | "conflict"; message: string };

export const labelLabellingItem = defineCommand({
  name: "labelling.label",
  doing: "labelling an output",
  role: "REVIEWER",
  schema: labelItemSchema,
  audit: ["labelling.label"],
  async run(db, actor, { itemId, label, note }): Promise<LabelItemResult> {
    if (!actor.id) return { ok: false, kind: "invalid", message: "labels are given by a signed-in reviewer, who is named on each label" };
    return db.$transaction(async (tx) => {
      const labelledAt = new Date();
      const written = await tx.labellingItem.updateMany({
        where: { id: itemId, label: null, claimedById: actor.id },
        data: { label, note: note || null, labelledById: actor.id, labelledAt, claimedUntil: null },
      });
      if (written.count !== 1) {
        const item = await tx.labellingItem.findUnique({ where: { id: itemId }, select: { label: true, claimedById: true } });
        if (!item) return { ok: false, kind: "not_found", message: `no labelling item ${itemId}` };
        if (item.label) return { ok: false, kind: "conflict", message: `this output is labelled ${item.label.toLowerCase()} already: take the next one` };
        return {
          ok: false,
          kind: "conflict",
          message: "another reviewer holds this output now (your hold had expired): your label was not written; take the next one",
        };
      }
      const item = await tx.labellingItem.findUniqueOrThrow({ where: { id: itemId }, select: { caseRunId: true, reason: true } });
      await recordAuditEvent(tx, actor, {
        action: "labelling.label",
        entityType: "LabellingItem",
        entityId: itemId,
        after: { caseRunId: item.caseRunId, reason: item.reason, label, note: note || null, labelledAt: labelledAt.toISOString() },
      });
      return { ok: true };
    });
  },
});
