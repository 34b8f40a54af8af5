// What a fine-tune does with a risk it inherits: adopt it (to override its wording or judge and
// re-test it: the risk is copied, with its mitigations, into the fine-tune as an ordinary row of its
// own, one not-assessed cell per use) or retire it for itself (a retired copy records that, as
// retiring its own risk would). Either way the fine-tune then has a row of that code, so the risk
// is no longer inherited (load-inheritance.ts). Audited on the new row; the base is only read.
import { z } from "zod";
import { freeText } from "../domain/free-text";
import { recordAuditEvent } from "../audit/record-audit-event";
import { riskCode } from "../card/schema";
import { CELL_EDIT_ROLE } from "../cells/cell-permissions";
import { defineCommand, invalidInput, type InvalidInput } from "../commands/define-command";
import type { DbTransaction } from "../db/types";
import { activeLinks } from "../mitigations/active-links";
import { growMatrix } from "../models/matrix-shape";
import { modelSlugRef } from "../domain/record-id";

const ref = { modelSlug: modelSlugRef, code: riskCode };

type Refusal = InvalidInput | { ok: false; kind: "not_found"; message: string };

export const adoptInheritedRisk = defineCommand({
  name: "risk.adopt",
  doing: "adopting an inherited risk",
  role: CELL_EDIT_ROLE,
  schema: z.object(ref),
  audit: ["risk.adopt"],
  async run(db, actor, input): Promise<{ ok: true; code: string; cellsAdded: number } | Refusal> {
    return db.$transaction(async (tx) => {
      const found = await inheritedRisk(tx, input.modelSlug, input.code);
      if (!found.ok) return found;
      const { model, risk } = found;
      const copy = await tx.risk.create({
        data: { modelId: model.id, code: risk.code, position: model.nextPosition, title: risk.title, riskType: risk.riskType, harmArea: risk.harmArea },
      });
      const linked: string[] = [];
      for (const text of risk.mitigations) {
        // The fine-tune's own mitigation of the same text is linked, not doubled; one it retired stays retired and unlisted.
        const existing = await tx.mitigation.findUnique({ where: { modelId_text: { modelId: model.id, text } } });
        if (existing?.retiredAt) continue;
        const mitigation = existing ?? (await tx.mitigation.create({ data: { modelId: model.id, text } }));
        await tx.riskMitigation.create({ data: { riskId: copy.id, mitigationId: mitigation.id, position: linked.length } });
        linked.push(text);
      }
      const cellsAdded = await growMatrix(
        tx,
        model.useIds.map((useId) => ({ riskId: copy.id, useId })),
      );
      await recordAuditEvent(tx, actor, {
        action: "risk.adopt",
        entityType: "Risk",
        entityId: copy.id,
        after: {
          code: risk.code,
          title: risk.title,
          riskType: risk.riskType,
          harmArea: risk.harmArea,
          inheritedFrom: model.baseSlug,
          mitigations: risk.mitigations,
          cellsAdded,
        },
      });
      return { ok: true, code: risk.code, cellsAdded } as const;
    });
  },
});

export const retireInheritedRisk = defineCommand({
  name: "risk.retire-inherited",
  doing: "retiring an inherited risk",
  role: "APPROVER",
  schema: z.object({ ...ref, reason: freeText("the reason").trim().min(1, "say why the risk is retired: it stays in the audit log").max(2000) }),
  audit: ["risk.retire-inherited"],
  async run(db, actor, input): Promise<{ ok: true; code: string } | Refusal> {
    return db.$transaction(async (tx) => {
      const found = await inheritedRisk(tx, input.modelSlug, input.code);
      if (!found.ok) return found;
      const { model, risk } = found;
      const copy = await tx.risk.create({
        data: {
          modelId: model.id,
          code: risk.code,
          position: model.nextPosition,
          title: risk.title,
          riskType: risk.riskType,
          harmArea: risk.harmArea,
          retiredAt: new Date(),
        },
      });
      await recordAuditEvent(tx, actor, {
        action: "risk.retire-inherited",
        entityType: "Risk",
        entityId: copy.id,
        after: { code: risk.code, title: risk.title, inheritedFrom: model.baseSlug, retired: true, reason: input.reason },
      });
      return { ok: true, code: risk.code } as const;
    });
  },
});

/** The base's active risk of that code, when the model inherits it; otherwise why not. */
async function inheritedRisk(tx: DbTransaction, modelSlug: string, code: string) {
  const model = await tx.model.findUnique({
    where: { slug: modelSlug },
    select: {
      id: true,
      name: true,
      risks: { select: { code: true, position: true, retiredAt: true } },
      uses: { where: { retiredAt: null }, select: { id: true } },
      baseModel: { select: { slug: true, name: true } },
    },
  });
  if (!model) return { ok: false, kind: "not_found", message: `no model ${modelSlug}` } as const;
  if (!model.baseModel) return invalidInput([{ path: "modelSlug", message: `${model.name} has no base model: it inherits no risks` }]);
  const own = model.risks.find((risk) => risk.code === code);
  if (own) {
    const what = own.retiredAt ? `was retired for ${model.name} already` : `is ${model.name}'s own risk already`;
    return invalidInput([{ path: "code", message: `${code} ${what}: it is not inherited` }]);
  }
  const risk = await tx.risk.findFirst({
    where: { model: { slug: model.baseModel.slug }, code, retiredAt: null },
    include: { mitigations: { where: activeLinks, orderBy: { position: "asc" }, include: { mitigation: { select: { text: true } } } } },
  });
  if (!risk) return invalidInput([{ path: "code", message: `${model.baseModel.name} has no risk ${code} for ${model.name} to inherit` }]);
  return {
    ok: true,
    model: {
      id: model.id,
      baseSlug: model.baseModel.slug,
      nextPosition: Math.max(-1, ...model.risks.map((r) => r.position)) + 1,
      useIds: model.uses.map((use) => use.id),
    },
    risk: {
      code: risk.code,
      title: risk.title,
      riskType: risk.riskType,
      harmArea: risk.harmArea,
      mitigations: risk.mitigations.map((link) => link.mitigation.text),
    },
  } as const;
}
