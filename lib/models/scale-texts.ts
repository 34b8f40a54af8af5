// What each step of the 1-5 likelihood and severity scales means, worded per model by an admin:
// a medical model's "major" harm reads differently from an ad-copy model's. The editor shows the
// model's wording beside the inputs; "How Riskledger decides" shows the defaults (lib/domain/level.ts).
// Changing the wording changes no level: the level is still likelihood x severity.
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { defineCommand } from "../commands/define-command";
import { readJsonColumn } from "../db/json-columns";
import type { Db } from "../db/types";
import { LIKELIHOOD_SCALE, SEVERITY_SCALE } from "../domain/level";
import { modelSlugRef } from "../domain/record-id";

export const SCALE_STEPS = [1, 2, 3, 4, 5] as const;
export type ScaleStep = (typeof SCALE_STEPS)[number];

const stepText = (scale: string, step: ScaleStep) =>
  z
    .string({ error: `${scale} ${step}: give its meaning as text` })
    .trim()
    .min(1, `${scale} ${step}: say what it means (it is empty)`)
    .max(300, `${scale} ${step}: at most 300 characters`);

const scaleSchema = (scale: string) =>
  z.object({ 1: stepText(scale, 1), 2: stepText(scale, 2), 3: stepText(scale, 3), 4: stepText(scale, 4), 5: stepText(scale, 5) });

export const scaleTextsSchema = z.object({ likelihood: scaleSchema("likelihood"), severity: scaleSchema("severity") });
export type ScaleTexts = z.infer<typeof scaleTextsSchema>;

export const DEFAULT_SCALE_TEXTS: ScaleTexts = { likelihood: LIKELIHOOD_SCALE, severity: SEVERITY_SCALE };

export const setScaleTextsSchema = z.object({ slug: modelSlugRef, scaleTexts: scaleTextsSchema });

export type SetScaleTextsResult = { ok: true; scaleTexts: ScaleTexts } | { ok: false; kind: "invalid" | "forbidden" | "not_found"; message: string };

export const setScaleTexts = defineCommand({
  name: "model.set-scale-texts",
  doing: "wording the likelihood and severity scales",
  role: "ADMIN",
  schema: setScaleTextsSchema,
  audit: ["model.set-scale-texts"],
  async run(db, actor, { slug, scaleTexts }): Promise<SetScaleTextsResult> {
    return db.$transaction(async (tx) => {
      const model = await tx.model.findUnique({ where: { slug }, select: { id: true, scaleTexts: true } });
      if (!model) return { ok: false, kind: "not_found", message: `no model ${slug}` } as const;
      const before = readScaleTexts(model.scaleTexts);
      if (JSON.stringify(before) !== JSON.stringify(scaleTexts)) {
        await tx.model.update({ where: { id: model.id }, data: { scaleTexts } });
        await recordAuditEvent(tx, actor, { action: "model.set-scale-texts", entityType: "Model", entityId: model.id, before, after: scaleTexts });
      }
      return { ok: true, scaleTexts } as const;
    });
  },
});

/** A Model.scaleTexts value as the code reads it: the defaults where none is stored. */
export function readScaleTexts(value: unknown): ScaleTexts {
  return value == null ? DEFAULT_SCALE_TEXTS : readJsonColumn(scaleTextsSchema, value, "Model.scaleTexts");
}

/** The model's wording of the scales (the defaults where an admin has not worded them); null for an unknown model. */
export async function loadScaleTexts(db: Db, slug: string): Promise<ScaleTexts | null> {
  const model = await db.model.findUnique({ where: { slug }, select: { scaleTexts: true } });
  return model ? readScaleTexts(model.scaleTexts) : null;
}
