// A mitigation's text is stored once, so one edit shows on every risk and cell that lists it. The
// edit is guarded by the mitigation's version, as a cell's is: an edit made on a stale page is refused.
import { z } from "zod";
import { freeText } from "../domain/free-text";
import { recordAuditEvent } from "../audit/record-audit-event";
import { defineCommand } from "../commands/define-command";
import { conflict, lastChangedBy, type ShapeRefusal } from "../models/matrix-shape";
import { expectedVersion, recordId } from "../domain/record-id";

export const mitigationText = freeText("the mitigation").trim().min(1, "a mitigation needs some text").max(2000, "a mitigation is limited to 2,000 characters");

export const mitigationTextEditSchema = z.object({
  mitigationId: recordId("the mitigation's id"),
  expectedVersion,
  text: mitigationText,
});

export type EditMitigationTextResult = { ok: true; mitigation: { id: string; text: string; version: number } } | ShapeRefusal;

export const editMitigationText = defineCommand({
  name: "mitigation.edit-text",
  doing: "editing a mitigation",
  role: "REVIEWER",
  schema: mitigationTextEditSchema,
  audit: ["mitigation.edit"],
  async run(db, actor, input): Promise<EditMitigationTextResult> {
    const { mitigationId, expectedVersion, text } = input;

    return db.$transaction(async (tx) => {
      const current = await tx.mitigation.findUnique({ where: { id: mitigationId } });
      if (!current) return { ok: false, kind: "not_found", message: `no mitigation with id ${mitigationId}` } as const;
      const name = `the mitigation "${current.text}"`;
      if (current.version !== expectedVersion) return conflict(name, current.version, await lastChangedBy(tx, "Mitigation", current.id));
      if (current.retiredAt) {
        const message = `${name} is retired: its text is kept as it was`;
        return { ok: false, kind: "invalid", message, issues: [{ path: "mitigationId", message }] } as const;
      }
      if (current.text === text) return { ok: true, mitigation: { id: current.id, text, version: current.version } } as const;
      const twin = await tx.mitigation.findFirst({ where: { modelId: current.modelId, text, id: { not: mitigationId } } });
      if (twin) {
        const message = "another mitigation already has this text: merge the two instead";
        return { ok: false, kind: "invalid", message, issues: [{ path: "text", message }] } as const;
      }
      const written = await tx.mitigation.updateMany({ where: { id: mitigationId, version: expectedVersion }, data: { text, version: { increment: 1 } } });
      if (written.count !== 1) return conflict(name, current.version + 1, null);
      await recordAuditEvent(tx, actor, {
        action: "mitigation.edit",
        entityType: "Mitigation",
        entityId: mitigationId,
        before: { version: current.version, text: current.text },
        after: { version: current.version + 1, text },
      });
      return { ok: true, mitigation: { id: mitigationId, text, version: current.version + 1 } } as const;
    });
  },
});
