// A risk's mitigations as a team changes them: add one to a risk (a new text, or one the model's
// library already holds), move it up or down the risk's list, retire it. The list belongs to the
// risk, so adding and moving are guarded by the risk's version; retiring belongs to the mitigation
// and is guarded by its own. A retired mitigation leaves the card and the cells' editors; its links,
// the cells' statuses and its history are kept, and nothing is deleted. Each change is audited on
// what it changed: adding and moving on the risk (so a stale page learns who changed its list),
// retiring on the mitigation.
import { z } from "zod";
import { freeText } from "../domain/free-text";
import { recordAuditEvent } from "../audit/record-audit-event";
import { defineCommand } from "../commands/define-command";
import { riskCode } from "../card/schema";
import { CELL_EDIT_ROLE } from "../cells/cell-permissions";
import type { DbTransaction } from "../db/types";
import { conflict, lastChangedBy, moveDirection, type ShapeRefusal } from "../models/matrix-shape";
import { mitigationText } from "./edit-mitigation-text";
import { expectedVersion, modelSlugRef, recordId } from "../domain/record-id";

const modelSlug = modelSlugRef;
const mitigationId = recordId("the mitigation's id");
const riskRef = { modelSlug, code: riskCode, expectedVersion };

type MitigationResult = { ok: true; mitigationId: string; text: string; riskVersion?: number; version?: number; created?: boolean } | ShapeRefusal;

const invalid = (path: string, message: string): ShapeRefusal => ({ ok: false, kind: "invalid", message, issues: [{ path, message }] });

export const addRiskMitigationSchema = z
  .object({ ...riskRef, text: mitigationText.optional(), mitigationId: mitigationId.optional() })
  .refine((input) => (input.text === undefined) !== (input.mitigationId === undefined), {
    message: "give either the text of a new mitigation or one from the model's library, not both",
    path: ["text"],
  });

/** The risk the change is about, checked against the version the page showed. */
async function riskAtVersion(tx: DbTransaction, input: { modelSlug: string; code: string; expectedVersion: number }) {
  const risk = await tx.risk.findFirst({ where: { code: input.code, model: { slug: input.modelSlug } } });
  if (!risk) return { ok: false, kind: "not_found", message: `no risk ${input.code} in model ${input.modelSlug}` } as const;
  if (risk.retiredAt) return invalid("code", `${input.code} is retired: its mitigations are kept as they were`);
  if (risk.version !== input.expectedVersion) return conflict(input.code, risk.version, await lastChangedBy(tx, "Risk", risk.id));
  return risk;
}

export const addRiskMitigation = defineCommand({
  name: "mitigation.add",
  doing: "adding a mitigation to a risk",
  role: CELL_EDIT_ROLE,
  schema: addRiskMitigationSchema,
  audit: ["mitigation.add"],
  async run(db, actor, input): Promise<MitigationResult> {
    return db.$transaction(async (tx) => {
      const risk = await riskAtVersion(tx, input);
      if ("kind" in risk) return risk;
      const existing = input.mitigationId
        ? await tx.mitigation.findFirst({ where: { id: input.mitigationId, modelId: risk.modelId } })
        : await tx.mitigation.findUnique({ where: { modelId_text: { modelId: risk.modelId, text: input.text! } } });
      if (input.mitigationId && !existing)
        return { ok: false, kind: "not_found", message: `no mitigation with id ${input.mitigationId} in model ${input.modelSlug}` } as const;
      if (existing?.retiredAt) {
        return invalid(input.mitigationId ? "mitigationId" : "text", `the mitigation "${existing.text}" is retired: a retired mitigation is not listed again`);
      }
      const links = await tx.riskMitigation.findMany({ where: { riskId: risk.id }, select: { mitigationId: true, position: true } });
      if (existing && links.some((link) => link.mitigationId === existing.id)) {
        return invalid(input.mitigationId ? "mitigationId" : "text", `${risk.code} already lists "${existing.text}"`);
      }
      const mitigation = existing ?? (await tx.mitigation.create({ data: { modelId: risk.modelId, text: input.text! } }));
      const position = Math.max(-1, ...links.map((link) => link.position)) + 1;
      await tx.riskMitigation.create({ data: { riskId: risk.id, mitigationId: mitigation.id, position } });
      await tx.risk.update({ where: { id: risk.id }, data: { version: { increment: 1 } } });
      await recordAuditEvent(tx, actor, {
        action: "mitigation.add",
        entityType: "Risk",
        entityId: risk.id,
        before: { version: risk.version },
        after: { version: risk.version + 1, mitigation: mitigation.text, mitigationId: mitigation.id, position, created: !existing },
      });
      return { ok: true, mitigationId: mitigation.id, text: mitigation.text, riskVersion: risk.version + 1, created: !existing } as const;
    });
  },
});

export const moveRiskMitigation = defineCommand({
  name: "mitigation.move",
  doing: "reordering a risk's mitigations",
  role: CELL_EDIT_ROLE,
  schema: z.object({ ...riskRef, mitigationId, direction: moveDirection }),
  audit: ["mitigation.move"],
  async run(db, actor, input): Promise<MitigationResult> {
    return db.$transaction(async (tx) => {
      const risk = await riskAtVersion(tx, input);
      if ("kind" in risk) return risk;
      // Retired mitigations keep their place in the stored list but take no part in the order shown.
      const links = await tx.riskMitigation.findMany({
        where: { riskId: risk.id, mitigation: { retiredAt: null } },
        orderBy: { position: "asc" },
        include: { mitigation: { select: { text: true } } },
      });
      const index = links.findIndex((link) => link.mitigationId === input.mitigationId);
      if (index < 0) return { ok: false, kind: "not_found", message: `${risk.code} lists no active mitigation with id ${input.mitigationId}` } as const;
      const link = links[index];
      const other = links[input.direction === "up" ? index - 1 : index + 1];
      if (!other)
        return invalid("direction", `"${link.mitigation.text}" is already the ${input.direction === "up" ? "first" : "last"} mitigation of ${risk.code}`);
      await tx.riskMitigation.update({
        where: { riskId_mitigationId: { riskId: risk.id, mitigationId: link.mitigationId } },
        data: { position: other.position },
      });
      await tx.riskMitigation.update({
        where: { riskId_mitigationId: { riskId: risk.id, mitigationId: other.mitigationId } },
        data: { position: link.position },
      });
      await tx.risk.update({ where: { id: risk.id }, data: { version: { increment: 1 } } });
      await recordAuditEvent(tx, actor, {
        action: "mitigation.move",
        entityType: "Risk",
        entityId: risk.id,
        before: { version: risk.version, mitigation: link.mitigation.text, place: index + 1 },
        after: {
          version: risk.version + 1,
          mitigation: link.mitigation.text,
          place: input.direction === "up" ? index : index + 2,
          swappedWith: other.mitigation.text,
        },
      });
      return { ok: true, mitigationId: link.mitigationId, text: link.mitigation.text, riskVersion: risk.version + 1 } as const;
    });
  },
});

export const retireMitigation = defineCommand({
  name: "mitigation.retire",
  doing: "retiring a mitigation",
  role: "APPROVER",
  schema: z.object({
    mitigationId,
    expectedVersion,
    reason: freeText("the reason").trim().min(1, "say why the mitigation is retired: it stays in the audit log").max(2000),
  }),
  audit: ["mitigation.retire"],
  async run(db, actor, input): Promise<MitigationResult> {
    return db.$transaction(async (tx) => {
      const mitigation = await tx.mitigation.findUnique({ where: { id: input.mitigationId } });
      if (!mitigation) return { ok: false, kind: "not_found", message: `no mitigation with id ${input.mitigationId}` } as const;
      const name = `the mitigation "${mitigation.text}"`;
      if (mitigation.retiredAt) return invalid("mitigationId", `${name} was retired already`);
      if (mitigation.version !== input.expectedVersion) {
        return conflict(name, mitigation.version, await lastChangedBy(tx, "Mitigation", mitigation.id));
      }
      const written = await tx.mitigation.updateMany({
        where: { id: mitigation.id, version: input.expectedVersion },
        data: { retiredAt: new Date(), version: { increment: 1 } },
      });
      if (written.count !== 1) return conflict(name, mitigation.version + 1, null);
      await recordAuditEvent(tx, actor, {
        action: "mitigation.retire",
        entityType: "Mitigation",
        entityId: mitigation.id,
        before: { version: mitigation.version },
        after: { version: mitigation.version + 1, retired: true, reason: input.reason },
      });
      return { ok: true, mitigationId: mitigation.id, text: mitigation.text, version: mitigation.version + 1 } as const;
    });
  },
});
