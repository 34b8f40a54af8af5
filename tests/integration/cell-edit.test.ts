import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { updateCell } from "../../lib/cells/update-cell";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { freshDatabase } from "../support/fresh-database";

const rita: Actor = { id: null, label: "Rita Reviewer", role: "REVIEWER" };
const omar: Actor = { id: null, label: "Omar Reviewer", role: "REVIEWER" };
const alice: Actor = { id: null, label: "Alice Approver", role: "APPROVER" };
const victor: Actor = { id: null, label: "Victor Viewer", role: "VIEWER" };
const r4u4 = { modelSlug: defaultModelSlug, risk: "R4", use: "U4" };

let db: Db;
beforeEach(async () => {
  db = freshDatabase().db;
  const { card } = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug);
  await importCard(db, { id: null, label: "setup", role: "ADMIN" }, card);
});

const storedCell = () => db.cell.findFirstOrThrow({ where: { risk: { code: "R4" }, use: { code: "U4" } }, include: { mitigations: true } });
const cellAudit = async () => db.auditEvent.findMany({ where: { entityType: "Cell" }, orderBy: { at: "asc" } });

describe("editing a cell", () => {
  test("an edit is stored under a new version with one audit event holding before and after", async () => {
    const result = await updateCell(db, rita, {
      ref: r4u4,
      expectedVersion: 1,
      changes: { applies: "YES", subjectAtRisk: "AI_SUBJECT", likelihood: 3, severity: 5, rationale: "Fabricated findings reach patients." },
    });
    expect(result.ok).toBe(true);
    const cell = await storedCell();
    expect(cell).toMatchObject({ applies: "YES", likelihood: 3, severity: 5, version: 2 });
    const audit = await cellAudit();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorLabel: "Rita Reviewer", action: "cell.update", entityId: cell.id });
    expect(audit[0].before).toMatchObject({ version: 1, applies: "NOT_ASSESSED", likelihood: null });
    expect(audit[0].after).toMatchObject({ version: 2, applies: "YES", likelihood: 3, severity: 5 });
  });

  test("rejects a stale cell edit and keeps the other reviewer's change", async () => {
    expect((await updateCell(db, rita, { ref: r4u4, expectedVersion: 1, changes: { likelihood: 4 } })).ok).toBe(true);
    const late = await updateCell(db, omar, { ref: r4u4, expectedVersion: 1, changes: { likelihood: 1, rationale: "Omar's text" } });
    expect(late.ok).toBe(false);
    if (late.ok || late.kind !== "conflict") throw new Error(`expected a conflict, got ${JSON.stringify(late)}`);
    expect(late.message).toContain("Rita Reviewer");
    expect(late.current.likelihood).toBe(4);
    expect(late.changedBy).toBe("Rita Reviewer");
    expect(await storedCell()).toMatchObject({ likelihood: 4, rationale: "", version: 2 });
    expect(await cellAudit()).toHaveLength(1);
  });

  test("a version the cell has never had is refused as bad input naming both versions, not blamed on another person", async () => {
    const ahead = await updateCell(db, rita, { ref: r4u4, expectedVersion: 7, changes: { likelihood: 4 } });
    expect(ahead).toMatchObject({
      ok: false,
      kind: "invalid",
      message: "expectedVersion: R4×U4 has never been at version 7 (it is at version 1): send the version you read",
    });
    expect(await storedCell()).toMatchObject({ likelihood: null, version: 1 });
    expect(await cellAudit()).toHaveLength(0);
  });

  test("two reviewers saving the same version at once: exactly one wins, the other gets a conflict", async () => {
    const results = await Promise.all([
      updateCell(db, rita, { ref: r4u4, expectedVersion: 1, changes: { severity: 2 } }),
      updateCell(db, omar, { ref: r4u4, expectedVersion: 1, changes: { severity: 5 } }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.kind === "conflict")).toHaveLength(1);
    expect(await cellAudit()).toHaveLength(1);
  });

  test("a mitigation status is stored per cell and audited", async () => {
    const risk = await db.risk.findFirstOrThrow({ where: { code: "R4" }, include: { mitigations: { orderBy: { position: "asc" } } } });
    const first = risk.mitigations[0].mitigationId;
    const result = await updateCell(db, rita, { ref: r4u4, expectedVersion: 1, changes: { mitigationStatus: { [first]: "IN_PROGRESS" } } });
    expect(result.ok).toBe(true);
    const cell = await storedCell();
    expect(cell.mitigations).toEqual([expect.objectContaining({ mitigationId: first, status: "IN_PROGRESS" })]);
    expect((await cellAudit())[0].after).toMatchObject({ mitigationStatus: { [first]: "IN_PROGRESS" } });
  });
});

describe("bad cell input gets a clear message and changes nothing", () => {
  async function expectRefused(actor: Actor, input: unknown, kind: string, fragment: string) {
    const before = await storedCell();
    const result = await updateCell(db, actor, input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.kind).toBe(kind);
    expect(result.message).toContain(fragment);
    expect(await storedCell()).toEqual(before);
    expect(await cellAudit()).toHaveLength(0);
  }

  test("likelihood 7 is refused naming the field and its range", async () => {
    await expectRefused(rita, { ref: r4u4, expectedVersion: 1, changes: { likelihood: 7 } }, "invalid", "changes.likelihood: likelihood must be from 1 to 5");
  });

  test("an unknown risk is refused naming the code", async () => {
    await expectRefused(rita, { ref: { ...r4u4, risk: "R99" }, expectedVersion: 1, changes: { likelihood: 2 } }, "not_found", "R99");
  });

  test("an approval with an empty rationale is refused", async () => {
    await expectRefused(alice, { ref: r4u4, expectedVersion: 1, changes: { reviewStatus: "APPROVED" } }, "invalid", "an approval needs a rationale");
  });

  test("a reviewer cannot approve", async () => {
    await expectRefused(
      rita,
      { ref: r4u4, expectedVersion: 1, changes: { reviewStatus: "APPROVED", rationale: "ok" } },
      "forbidden",
      "needs the approver role",
    );
  });

  test("accepting a residual risk needs a justification and a future expiry", async () => {
    await expectRefused(
      alice,
      { ref: r4u4, expectedVersion: 1, changes: { reviewStatus: "ACCEPTED", rationale: "low use" } },
      "invalid",
      "needs a justification",
    );
  });

  test("a viewer cannot edit at all", async () => {
    await expectRefused(victor, { ref: r4u4, expectedVersion: 1, changes: { likelihood: 2 } }, "forbidden", "needs the reviewer role");
  });

  test("a due date sent as true or as a number is refused naming the field, not stored as a day in 1970", async () => {
    await expectRefused(
      rita,
      { ref: r4u4, expectedVersion: 1, changes: { dueDate: true } },
      "invalid",
      "changes.dueDate: the due date is a date such as 2027-01-31",
    );
    await expectRefused(
      rita,
      { ref: r4u4, expectedVersion: 1, changes: { acceptedUntil: 5 } },
      "invalid",
      "changes.acceptedUntil: the acceptance's end is a date such as 2027-01-31",
    );
  });

  test("a due date that is no day of the calendar is refused saying what a date looks like", async () => {
    await expectRefused(
      rita,
      { ref: r4u4, expectedVersion: 1, changes: { dueDate: "2026-13-45" } },
      "invalid",
      "changes.dueDate: the due date is a date such as 2027-01-31",
    );
    await expectRefused(
      rita,
      { ref: r4u4, expectedVersion: 1, changes: { dueDate: "tomorrow" } },
      "invalid",
      "changes.dueDate: the due date is a date such as 2027-01-31",
    );
  });

  test("an unknown field is refused rather than ignored", async () => {
    await expectRefused(rita, { ref: r4u4, expectedVersion: 1, changes: { level: "LOW" } }, "invalid", "level");
  });
});
