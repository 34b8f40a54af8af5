// A mitigation's text is stored once, so one edit shows on every risk and cell that lists it.
import { z } from "zod";
import { freeText } from "../domain/free-text";
import { recordAuditEvent } from "../audit/record-audit-event";
import { defineCommand } from "../commands/define-command";

export const mitigationTextEditSchema = z.object({
  mitigationId: z.string().min(1).max(100),
  text: freeText("the mitigation").trim().min(1, "a mitigation needs some text").max(2000, "a mitigation is limited to 2,000 characters"),
});

export type EditMitigationTextResult =
  | { ok: true; mitigation: { id: string; text: string } }
  | { ok: false; kind: "invalid" | "not_found" | "forbidden"; message: string };

export const editMitigationText = defineCommand({
  name: "mitigation.edit-text",
  doing: "editing a mitigation",
  role: "REVIEWER",
  schema: mitigationTextEditSchema,
  audit: ["mitigation.edit"],
  async run(db, actor, input): Promise<EditMitigationTextResult> {
    const { mitigationId, text } = input;

    return db.$transaction(async (tx) => {
      const current = await tx.mitigation.findUnique({ where: { id: mitigationId } });
      if (!current) return { ok: false, kind: "not_found", message: `no mitigation with id ${mitigationId}` } as const;
      if (current.text === text) return { ok: true, mitigation: { id: current.id, text } } as const;
      const twin = await tx.mitigation.findFirst({ where: { modelId: current.modelId, text, id: { not: mitigationId } } });
      if (twin) {
        return { ok: false, kind: "invalid", message: "another mitigation already has this text: merge the two instead" } as const;
      }
      await tx.mitigation.update({ where: { id: mitigationId }, data: { text } });
      await recordAuditEvent(tx, actor, {
        action: "mitigation.edit",
        entityType: "Mitigation",
        entityId: mitigationId,
        before: { text: current.text },
        after: { text },
      });
      return { ok: true, mitigation: { id: mitigationId, text } } as const;
    });
  },
});
