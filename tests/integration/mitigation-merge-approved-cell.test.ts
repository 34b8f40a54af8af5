// Merging two mitigations of one risk that a cell tracks with different statuses keeps the kept
// one's status and drops the other's. On an approved cell that changed what the approval vouched
// for ("M2 implemented" gone) while the cell stayed approved, its version unmoved and its history
// silent. Such a merge now changes the cell as an edit does: back to review, audited on the cell.
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { updateCell } from "../../lib/cells/update-cell";
import type { Db } from "../../lib/db/types";
import { mergeMitigations } from "../../lib/mitigations/merge";
import { addPassingEvidence, seededDatabase, slug } from "./releases-setup";

let db: Db;
let rita: Actor;
let ada: Actor;

async function person(name: string, role: Actor["role"]): Promise<Actor> {
  const user = await db.user.create({ data: { name, email: `${name.split(" ")[0].toLowerCase()}@merge.test`, role } });
  return { id: user.id, label: name, role };
}

async function cell(risk: string, use: string) {
  return db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug } }, use: { code: use } }, include: { mitigations: true } });
}

async function save(actor: Actor, risk: string, use: string, changes: Record<string, unknown>) {
  const current = await cell(risk, use);
  const result = await updateCell(db, actor, { ref: { cellId: current.id }, expectedVersion: current.version, changes });
  if (!result.ok) throw new Error(result.message);
}

/** R3's first two mitigations, and R3×U1 judged with the first planned and the second implemented, approved by Ada. */
async function approvedWithTwoStatuses() {
  const r3 = await db.risk.findFirstOrThrow({ where: { code: "R3", model: { slug } }, include: { mitigations: { orderBy: { position: "asc" } } } });
  const [kept, merged] = r3.mitigations.map((link) => link.mitigationId);
  await save(rita, "R3", "U1", {
    applies: "YES",
    likelihood: 3,
    severity: 4,
    rationale: "Real for this use.",
    mitigationStatus: { [kept]: "PLANNED", [merged]: "IMPLEMENTED" },
  });
  await addPassingEvidence(db, "R3", "U1");
  await save(ada, "R3", "U1", { reviewStatus: "APPROVED" });
  return { kept, merged, approved: await cell("R3", "U1") };
}

beforeEach(async () => {
  db = await seededDatabase();
  rita = await person("Rita Reviewer", "REVIEWER");
  ada = await person("Ada Approver", "APPROVER");
});

describe("merging two mitigations an approved cell tracks with different statuses", () => {
  it("returns the cell to review with its version moved, audited on the cell, the merging reviewer its last judge", async () => {
    const { kept, merged, approved } = await approvedWithTwoStatuses();
    expect(approved.reviewStatus).toBe("APPROVED");

    expect(await mergeMitigations(db, rita, { keepId: kept, mergeId: merged })).toMatchObject({ ok: true });

    const after = await cell("R3", "U1");
    expect(after.mitigations.map((m) => [m.mitigationId, m.status])).toEqual([[kept, "PLANNED"]]);
    expect(after).toMatchObject({ reviewStatus: "IN_REVIEW", version: approved.version + 1, judgementChangedById: rita.id });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityType: "Cell", entityId: after.id }, orderBy: { at: "desc" } });
    expect(audit).toMatchObject({ action: "cell.update-reopened", actorId: rita.id });
  });

  it("leaves an approved cell approved when the two statuses agree", async () => {
    const { kept, merged } = await approvedWithTwoStatuses();
    await db.cellMitigation.updateMany({ where: { mitigationId: merged }, data: { status: "PLANNED" } });
    const before = await cell("R3", "U1");

    expect(await mergeMitigations(db, rita, { keepId: kept, mergeId: merged })).toMatchObject({ ok: true });

    expect(await cell("R3", "U1")).toMatchObject({ reviewStatus: "APPROVED", version: before.version });
  });
});
