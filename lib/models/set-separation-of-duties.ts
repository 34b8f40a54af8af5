// An admin decides, per model, whether the person who last changed a cell's judgement may also
// approve it (lib/cells/approval-gate.ts). On by default; turning it off is audited.
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Db } from "../db/types";
import { defineCommand } from "../commands/define-command";
import { modelSlugRef } from "../domain/record-id";

export const separationOfDutiesSchema = z.object({
  slug: modelSlugRef,
  separationOfDuties: z.boolean({ error: "say whether separation of duties is on (true) or off (false)" }),
});

export type SetSeparationOfDutiesResult =
  | { ok: true; separationOfDuties: boolean }
  | { ok: false; kind: "invalid" | "forbidden" | "not_found"; message: string };

export const setSeparationOfDuties = defineCommand({
  name: "model.set-separation-of-duties",
  doing: "setting separation of duties",
  role: "ADMIN",
  schema: separationOfDutiesSchema,
  audit: ["model.set-separation-of-duties"],
  async run(db, actor, input): Promise<SetSeparationOfDutiesResult> {
    const { slug, separationOfDuties } = input;
    return db.$transaction(async (tx) => {
      const model = await tx.model.findUnique({ where: { slug }, select: { id: true, separationOfDuties: true } });
      if (!model) return { ok: false, kind: "not_found", message: `no model ${slug}` } as const;
      if (model.separationOfDuties !== separationOfDuties) {
        await tx.model.update({ where: { id: model.id }, data: { separationOfDuties } });
        await recordAuditEvent(tx, actor, {
          action: "model.set-separation-of-duties",
          entityType: "Model",
          entityId: model.id,
          before: { separationOfDuties: model.separationOfDuties },
          after: { separationOfDuties },
        });
      }
      return { ok: true, separationOfDuties } as const;
    });
  },
});

export async function loadSeparationOfDuties(db: Db, slug: string): Promise<boolean | null> {
  return (await db.model.findUnique({ where: { slug }, select: { separationOfDuties: true } }))?.separationOfDuties ?? null;
}
