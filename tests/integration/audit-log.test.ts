// The audit log as people read it: whole values (never cut), people shown by name only to anyone
// but an admin, and the history of a mitigation kept after it is merged into another.
import { beforeEach, describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { recordAuditEvent } from "../../lib/audit/record-audit-event";
import { auditCsv } from "../../lib/audit/audit-csv";
import { loadAuditLog } from "../../lib/audit/load-audit-log";
import type { Db } from "../../lib/db/types";
import { cellKeyLabel } from "../../lib/domain/cell-key";
import { editMitigationText } from "../../lib/mitigations/edit-mitigation-text";
import { mergeMitigations } from "../../lib/mitigations/merge";
import { createUser } from "../../lib/users/create-user";
import { setRole } from "../../lib/users/set-role";
import { seededDatabase, slug } from "./releases-setup";

const admin: Actor = { id: null, label: "Ann Admin <ann@example.org>", role: "ADMIN" };
const viewer: Actor = { id: null, label: "Vic Viewer", role: "VIEWER" };
const reviewer: Actor = { id: null, label: "Rita Reviewer", role: "REVIEWER" };

let db: Db;
beforeEach(async () => {
  db = await seededDatabase();
});

describe("people in the audit log", () => {
  beforeEach(async () => {
    const created = await createUser(db, admin, {
      email: "grace.secret@example.org",
      name: "Grace Hopper",
      role: "VIEWER",
      password: "a long enough password",
    });
    if (!created.ok) throw new Error(created.message);
    const promoted = await setRole(db, admin, { user: { email: "grace.secret@example.org" }, role: "APPROVER" });
    if (!promoted.ok) throw new Error(promoted.message);
    // Grace, signed in, edits something: her label carries her email, as every signed-in actor's does.
    const grace = await db.user.findUniqueOrThrow({ where: { email: "grace.secret@example.org" } });
    const mitigation = await db.mitigation.findFirstOrThrow();
    const edited = await editMitigationText(
      db,
      { id: grace.id, label: "Grace Hopper <grace.secret@example.org>", role: "APPROVER" },
      { mitigationId: mitigation.id, expectedVersion: 1, text: "Reviewed by Grace." },
    );
    if (!edited.ok) throw new Error(JSON.stringify(edited));
  });

  test.each([
    ["viewer", viewer],
    ["reviewer", reviewer],
  ])("a %s sees people only by name: no email and no role in the page's entries or the CSV", async (_role, reader) => {
    const users = await loadAuditLog(db, reader, slug, { entity: "User" });
    expect(users!.map((entry) => entry.entity)).toEqual(["person Grace Hopper", "person Grace Hopper"]);
    const everything = await loadAuditLog(db, reader, slug);
    const csv = auditCsv(everything!);
    for (const shown of [JSON.stringify(everything), csv]) {
      expect(shown).not.toContain("grace.secret@example.org");
      expect(shown).not.toContain("ann@example.org");
      expect(shown).not.toContain("APPROVER");
    }
    expect(everything!.find((entry) => entry.action === "mitigation.edit")!.actor).toBe("Grace Hopper");
  });

  test("a viewer cannot find a person by part of their email through the person filter", async () => {
    expect(await loadAuditLog(db, viewer, slug, { person: "grace.secret" })).toEqual([]);
    expect((await loadAuditLog(db, viewer, slug, { person: "Grace" }))!.map((entry) => entry.action)).toEqual(["mitigation.edit"]);
  });

  test("the person filter matches its text literally: % and _ are characters, not wildcards", async () => {
    const model = await db.model.findUniqueOrThrow({ where: { slug } });
    const bot: Actor = { id: null, label: "import_bot 100%", role: "REVIEWER" };
    await recordAuditEvent(db, bot, { action: "release.publish", entityType: "Model", entityId: model.id, after: { version: 1 } });
    for (const reader of [admin, viewer]) {
      for (const person of ["%", "_", "import_bot", "100%"]) {
        expect((await loadAuditLog(db, reader, slug, { person }))!.map((entry) => entry.actor)).toEqual(["import_bot 100%"]);
      }
      expect(await loadAuditLog(db, reader, slug, { person: "a_n" })).toEqual([]);
      expect(await loadAuditLog(db, reader, slug, { person: "G%r" })).toEqual([]);
    }
    expect((await loadAuditLog(db, admin, slug, { person: "GRACE" }))!.map((entry) => entry.action)).toContain("mitigation.edit");
  });

  test("an admin sees each person's email and role", async () => {
    const csv = auditCsv((await loadAuditLog(db, admin, slug, { entity: "User" }))!);
    expect(csv).toContain("grace.secret@example.org");
    expect(csv).toContain("APPROVER");
  });
});

describe("whole values", () => {
  test("a justification longer than 300 characters is kept whole in the entry and the CSV, with a short summary for the table", async () => {
    const model = await db.model.findUniqueOrThrow({ where: { slug } });
    const justification = `${"Accepted because the gap is covered by a human review step. ".repeat(10)}END-OF-JUSTIFICATION`;
    await recordAuditEvent(db, admin, { action: "release.publish", entityType: "Model", entityId: model.id, after: { version: 1, justification } });
    const [entry] = (await loadAuditLog(db, viewer, slug, { entity: "Model" }))!;
    expect(entry.summary).toContain("END-OF-JUSTIFICATION");
    expect(entry.after).toContain("END-OF-JUSTIFICATION");
    expect(entry.shortSummary.length).toBeLessThanOrEqual(301);
    expect(entry.shortSummary.endsWith("…")).toBe(true);
    expect(auditCsv([entry])).toContain("END-OF-JUSTIFICATION");
  });
});

describe("merged mitigations", () => {
  test("a mitigation's edits stay in the log after it is merged away, named as merged into the one kept", async () => {
    const [kept, merged] = await db.mitigation.findMany({ orderBy: { text: "asc" }, take: 2 });
    const edited = await editMitigationText(db, reviewer, { mitigationId: merged.id, expectedVersion: 1, text: "Soon merged away." });
    if (!edited.ok) throw new Error(JSON.stringify(edited));
    const result = await mergeMitigations(db, reviewer, { keepId: kept.id, mergeId: merged.id });
    if (!result.ok) throw new Error(result.message);

    const log = (await loadAuditLog(db, viewer, slug, { entity: "Mitigation" }))!;
    expect(log.map((entry) => entry.action)).toEqual(["mitigation.merge", "mitigation.edit"]);
    const edit = log[1];
    expect(edit.entity).toBe(`mitigation "Soon merged away." (merged into "${kept.text}")`);
    expect(edit.summary).toBe(`"${merged.text}" → "Soon merged away."`);
  });
});

describe("names", () => {
  test("a cell is named with the one cell-key spelling the matrix uses (R1×U1)", async () => {
    const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: "R1" }, use: { code: "U1" } } });
    await recordAuditEvent(db, admin, { action: "cell.update", entityType: "Cell", entityId: cell.id, before: {}, after: {} });
    const [entry] = (await loadAuditLog(db, viewer, slug, { entity: "Cell" }))!;
    expect(entry.entity).toBe(`cell ${cellKeyLabel("R1", "U1")}`);
  });
});
