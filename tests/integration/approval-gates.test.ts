// The approval gate (lib/cells/approval-gate.ts) through the one way a cell changes (updateCell),
// on a real database with the seed card: the situations a governance team found let through.
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { updateCell } from "../../lib/cells/update-cell";
import type { Db } from "../../lib/db/types";
import { readApproval } from "../../lib/cells/approved-judgement";
import { loadCellEvidence } from "../../lib/evidence/cell-evidence";
import { setUseThreshold } from "../../lib/uses/set-use-threshold";
import { attachEvidence } from "../../lib/evidence/attach-evidence";
import { addPassingEvidence, seededDatabase, slug } from "./releases-setup";

let db: Db;
let rita: Actor;
let ada: Actor;
let arne: Actor;

async function person(name: string, role: Actor["role"]): Promise<Actor> {
  const user = await db.user.create({ data: { name, email: `${name.split(" ")[0].toLowerCase()}@gates.test`, role } });
  return { id: user.id, label: name, role };
}

async function cell(risk: string, use: string) {
  return db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug } }, use: { code: use } } });
}

async function save(actor: Actor, risk: string, use: string, changes: Record<string, unknown>) {
  const current = await cell(risk, use);
  return updateCell(db, actor, { ref: { modelSlug: slug, risk, use }, expectedVersion: current.version, changes });
}

async function failingEvidence(risk: string, use: string) {
  const target = await cell(risk, use);
  await addPassingEvidence(db, risk, use);
  await db.evidence.updateMany({ where: { cellId: target.id }, data: { passes: 0, failures: 35, n: 35, intervalLow: 0.9, intervalHigh: 1, verdict: "FAIL" } });
}

const judged = { applies: "YES", likelihood: 3, severity: 4, subjectAtRisk: "AI_USER", rationale: "Real for this use." };
const nextYear = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString();

beforeEach(async () => {
  db = await seededDatabase();
  rita = await person("Rita Reviewer", "REVIEWER");
  ada = await person("Ada Approver", "APPROVER");
  arne = await person("Arne Approver", "APPROVER");
});

describe("approval needs evidence", () => {
  it("refuses to approve a not-assessed, failing cell from draft in one save that also changes its severity, and changes nothing", async () => {
    await failingEvidence("R2", "U2");
    const before = await cell("R2", "U2");
    expect(before.applies).toBe("NOT_ASSESSED");
    const result = await save(ada, "R2", "U2", { reviewStatus: "APPROVED", severity: 5, rationale: "fine" });
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.message).toMatch(/own act|not assessed/);
    const after = await cell("R2", "U2");
    expect(after.reviewStatus).toBe("DRAFT");
    expect(after.severity).toBe(before.severity);
    expect(after.version).toBe(before.version);
  });

  it("refuses to approve a not-assessed cell even in a save of its own", async () => {
    await save(rita, "R2", "U2", { rationale: "Still to be judged." });
    const result = await save(ada, "R2", "U2", { reviewStatus: "APPROVED" });
    expect(result.ok ? "" : result.message).toMatch(/not assessed/);
  });

  it("refuses to approve an applicable cell whose evidence fails, and lets an approver accept it with a reason and an expiry", async () => {
    expect((await save(rita, "R2", "U2", judged)).ok).toBe(true);
    await failingEvidence("R2", "U2");
    const refused = await save(ada, "R2", "U2", { reviewStatus: "APPROVED" });
    expect(refused.ok ? "" : refused.message).toMatch(/fails: approving needs a risk acceptance/);
    const accepted = await save(ada, "R2", "U2", {
      reviewStatus: "ACCEPTED",
      acceptanceJustification: "Guarded by human review until the fine-tune lands.",
      acceptedUntil: nextYear,
    });
    expect(accepted.ok).toBe(true);
    expect((await cell("R2", "U2")).reviewStatus).toBe("ACCEPTED");
  });

  it("refuses to approve an untested applicable cell", async () => {
    await save(rita, "R3", "U1", judged);
    const refused = await save(ada, "R3", "U1", { reviewStatus: "APPROVED" });
    expect(refused.ok ? "" : refused.message).toMatch(/untested/i);
  });

  it("refuses to approve a cell a prompt suite can test when only a document backs it, and lets an approver accept it instead", async () => {
    await save(rita, "R3", "U1", judged);
    const attached = await attachEvidence(db, rita, {
      ref: { modelSlug: slug, risk: "R3", use: "U1" },
      kind: "DOCUMENT",
      title: "Vendor's hallucination report",
    });
    expect(attached.ok).toBe(true);
    const before = await cell("R3", "U1");

    const refused = await save(ada, "R3", "U1", { reviewStatus: "APPROVED" });

    expect(refused.ok ? "" : refused.message).toBe(
      "reviewStatus: only a document, link or attestation backs it, and a prompt suite can test R3: approving needs passing campaign evidence, or a risk acceptance with a justification and an expiry",
    );
    expect((await cell("R3", "U1")).version).toBe(before.version);
    const accepted = await save(ada, "R3", "U1", {
      reviewStatus: "ACCEPTED",
      acceptanceJustification: "The U1 suite runs next quarter.",
      acceptedUntil: nextYear,
    });
    expect(accepted.ok).toBe(true);
  });

  it("approves a cell no prompt can test when a document backs it", async () => {
    await save(rita, "R5", "U1", judged);
    const attached = await attachEvidence(db, rita, { ref: { modelSlug: slug, risk: "R5", use: "U1" }, kind: "DOCUMENT", title: "Interpretability review" });
    expect(attached.ok).toBe(true);

    expect((await save(ada, "R5", "U1", { reviewStatus: "APPROVED" })).ok).toBe(true);
  });

  it("approves an assessed cell whose current evidence passes, and records what the approval vouched for", async () => {
    await save(rita, "R3", "U1", judged);
    await addPassingEvidence(db, "R3", "U1");
    const approved = await save(ada, "R3", "U1", { reviewStatus: "APPROVED" });
    expect(approved.ok).toBe(true);
    const stored = await cell("R3", "U1");
    expect(stored.reviewStatus).toBe("APPROVED");
    expect(stored.approvedById).toBe(ada.id);
    expect(stored.approvedSnapshot).toMatchObject({ applies: "YES", likelihood: 3, severity: 4 });
    const audit = await db.auditEvent.findFirst({ where: { entityId: stored.id }, orderBy: { at: "desc" } });
    expect(audit?.action).toBe("cell.approve");
  });
});

describe("an approval vouches for what the cell said", () => {
  it("returns an approved cell to review when a reviewer changes it to 'applies: no, L1xS1' with a new rationale", async () => {
    await save(rita, "R3", "U1", judged);
    await addPassingEvidence(db, "R3", "U1");
    expect((await save(ada, "R3", "U1", { reviewStatus: "APPROVED" })).ok).toBe(true);
    const changed = await save(rita, "R3", "U1", { applies: "NO", likelihood: 1, severity: 1, rationale: "Does not apply after all." });
    expect(changed.ok).toBe(true);
    const stored = await cell("R3", "U1");
    expect(stored.reviewStatus).toBe("IN_REVIEW");
    expect(stored.approvedSnapshot).toMatchObject({ applies: "YES", likelihood: 3, severity: 4, rationale: "Real for this use." });
  });

  it("returns an accepted cell to review when a reviewer moves its expiry to 2099 with their own justification", async () => {
    await save(rita, "R2", "U2", judged);
    await failingEvidence("R2", "U2");
    await save(ada, "R2", "U2", { reviewStatus: "ACCEPTED", acceptanceJustification: "Human review in place.", acceptedUntil: nextYear });
    const moved = await save(rita, "R2", "U2", { acceptedUntil: "2099-01-01T00:00:00.000Z", acceptanceJustification: "Forever fine." });
    expect(moved.ok).toBe(true);
    expect((await cell("R2", "U2")).reviewStatus).toBe("IN_REVIEW");
  });

  it("keeps an approved cell approved when only its owner or due date changes", async () => {
    await save(rita, "R3", "U1", judged);
    await addPassingEvidence(db, "R3", "U1");
    await save(ada, "R3", "U1", { reviewStatus: "APPROVED" });
    expect((await save(rita, "R3", "U1", { dueDate: nextYear })).ok).toBe(true);
    expect((await cell("R3", "U1")).reviewStatus).toBe("APPROVED");
  });
});

describe("separation of duties", () => {
  it("refuses an approval by the person who last changed the cell's judgement, and lets a second approver give it", async () => {
    await save(ada, "R3", "U1", judged);
    await addPassingEvidence(db, "R3", "U1");
    const own = await save(ada, "R3", "U1", { reviewStatus: "APPROVED" });
    expect(own.ok ? "" : own.message).toMatch(/separation of duties/);
    expect((await cell("R3", "U1")).reviewStatus).toBe("DRAFT");
    expect((await save(arne, "R3", "U1", { reviewStatus: "APPROVED" })).ok).toBe(true);
  });

  it("lets the same approver approve in a separate save when an admin turned separation of duties off for the model", async () => {
    await db.model.update({ where: { slug }, data: { separationOfDuties: false } });
    await save(ada, "R3", "U1", judged);
    await addPassingEvidence(db, "R3", "U1");
    expect((await save(ada, "R3", "U1", { reviewStatus: "APPROVED" })).ok).toBe(true);
  });
});

describe("the bar a cell's evidence is held to", () => {
  it("a threshold set after the campaign re-judges its counts, and on an approved cell sends it back to review with the change shown against the approval", async () => {
    expect((await save(rita, "R4", "U4", judged)).ok).toBe(true);
    const target = await cell("R4", "U4");
    await addPassingEvidence(db, "R4", "U4");
    // 2 failures in 60: the Wilson interval is about 0.9% to 11.4%, under a 20% bar, over a 5% one.
    await db.evidence.updateMany({ where: { cellId: target.id }, data: { passes: 58, failures: 2, n: 60 } });
    expect((await save(rita, "R4", "U4", { failureThreshold: 0.2 })).ok).toBe(true);
    expect((await loadCellEvidence(db, slug))["R4-U4"].verdict).toBe("PASS");
    expect((await save(ada, "R4", "U4", { reviewStatus: "APPROVED" })).ok).toBe(true);

    const lowered = await save(rita, "R4", "U4", { failureThreshold: 0.05 });
    expect(lowered.ok && lowered.cell.reviewStatus).toBe("IN_REVIEW");
    expect((await loadCellEvidence(db, slug))["R4-U4"].verdict).toBe("INCONCLUSIVE");
    const stored = await db.cell.findUniqueOrThrow({ where: { id: target.id } });
    expect(readApproval(stored)?.judgement.failureThreshold).toBe(0.2);
  });

  it("a use's bar set at once holds every cell of the use to it, audits each cell, and returns its approved cells to review", async () => {
    expect((await save(rita, "R4", "U4", judged)).ok).toBe(true);
    await addPassingEvidence(db, "R4", "U4");
    expect((await save(ada, "R4", "U4", { reviewStatus: "APPROVED" })).ok).toBe(true);
    const audited = await db.auditEvent.count();

    const result = await setUseThreshold(db, rita, { modelSlug: slug, useCode: "U4", failureThreshold: 0.02, minSampleSize: 50 });
    expect(result).toEqual({ ok: true, changed: 14, reopened: 1 });
    const cells = await db.cell.findMany({ where: { use: { code: "U4" } } });
    expect(cells.every((c) => c.failureThreshold === 0.02 && c.minSampleSize === 50)).toBe(true);
    expect(await db.auditEvent.count()).toBe(audited + 14);
    expect((await cell("R4", "U4")).reviewStatus).toBe("IN_REVIEW");
    expect((await cell("R4", "U1")).failureThreshold).toBe(0.1);
  });

  it("a use's bar is set on all its cells or on none: a write failing partway leaves every cell and the audit log as they were", async () => {
    const failing = await cell("R9", "U4");
    // The database refuses one cell's write, as a full disk or a lost connection would mid-way.
    await db.$executeRawUnsafe(
      `CREATE TRIGGER refuse_one_cell BEFORE UPDATE ON "Cell" WHEN OLD.id = '${failing.id}' BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    const before = await db.cell.findMany({ where: { use: { code: "U4" } }, orderBy: { id: "asc" } });
    const audited = await db.auditEvent.count();

    await expect(setUseThreshold(db, rita, { modelSlug: slug, useCode: "U4", failureThreshold: 0.02, minSampleSize: 50 })).rejects.toThrow();

    expect(await db.cell.findMany({ where: { use: { code: "U4" } }, orderBy: { id: "asc" } })).toEqual(before);
    expect(await db.auditEvent.count()).toBe(audited);
    await db.$executeRawUnsafe("DROP TRIGGER refuse_one_cell");
  });

  it("refuses a threshold of 0% or 100% with a message naming it, and changes nothing", async () => {
    const before = await cell("R4", "U3");
    const result = await save(rita, "R4", "U3", { failureThreshold: 1 });
    expect(result.ok ? "" : result.message).toContain("the failure threshold is a percentage above 0 and below 100");
    expect(await cell("R4", "U3")).toEqual(before);
  });
});
