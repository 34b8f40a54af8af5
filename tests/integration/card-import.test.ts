import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import { updateCell } from "../../lib/cells/update-cell";
import { addRisk, retireRisk, updateRisk } from "../../lib/risks/change-risks";
import { addUse, retireUse, updateUse } from "../../lib/uses/change-uses";
import type { Actor } from "../../lib/auth/actor";
import type { Card } from "../../lib/card/schema";
import type { Db } from "../../lib/db/types";
import { freshDatabase } from "../support/fresh-database";

const importer: Actor = { id: null, label: "test importer", role: "ADMIN" };
const reviewer: Actor = { id: null, label: "Rita Reviewer", role: "REVIEWER" };
const approver: Actor = { id: null, label: "Ana Approver", role: "APPROVER" };
const seed = () => parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug).card;

async function tableCounts(db: ReturnType<typeof freshDatabase>["db"]) {
  return {
    models: await db.model.count(),
    risks: await db.risk.count(),
    uses: await db.use.count(),
    cells: await db.cell.count(),
    mitigations: await db.mitigation.count(),
    links: await db.riskMitigation.count(),
    audit: await db.auditEvent.count(),
  };
}

/** An import the test expects to go through: its report, or the refusal as a failure. */
async function imported(db: Db, card: Card, options?: { apply?: boolean }) {
  const report = await importCard(db, importer, card, options);
  if (!report.ok) throw new Error(report.message);
  return report;
}

describe("importing the Stable Beluga 2 card", () => {
  test("a first import stores 14 risks, 4 uses, 56 cells and the 21 distinct mitigations once each", async () => {
    const { db } = freshDatabase();
    const report = await imported(db, seed());
    expect(report.outcome).toBe("created");
    const counts = await tableCounts(db);
    expect(counts).toMatchObject({ models: 1, risks: 14, uses: 4, cells: 56, mitigations: 21, audit: 1 });
    const r2 = await db.risk.findFirstOrThrow({
      where: { code: "R2" },
      include: { mitigations: { orderBy: { position: "asc" }, include: { mitigation: true } } },
    });
    expect(r2.mitigations.map((link) => link.mitigation.text)).toEqual(seed().risks[1].mitigations);
    const shared = await db.mitigation.findFirstOrThrow({ where: { text: "Perform safety testing" }, include: { risks: true } });
    expect(shared.risks.length).toBeGreaterThan(1);
  });

  test("re-importing the same card changes nothing and records nothing", async () => {
    const { db } = freshDatabase();
    await importCard(db, importer, seed());
    const before = await tableCounts(db);
    const cellsBefore = await db.cell.findMany({ orderBy: { id: "asc" } });
    const report = await imported(db, seed());
    expect(report.outcome).toBe("unchanged");
    expect(report.differences).toEqual([]);
    expect(await tableCounts(db)).toEqual(before);
    expect(await db.cell.findMany({ orderBy: { id: "asc" } })).toEqual(cellsBefore);
  });

  test("a re-import that would overwrite a reviewer's edit reports the difference and writes nothing", async () => {
    const { db } = freshDatabase();
    await importCard(db, importer, seed());
    const edit = await updateCell(db, reviewer, {
      ref: { modelSlug: defaultModelSlug, risk: "R7", use: "U2" },
      expectedVersion: 1,
      changes: { applies: "YES", likelihood: 2, severity: 4, rationale: "Ad copy can state false facts about products." },
    });
    expect(edit.ok).toBe(true);
    const auditBefore = await db.auditEvent.count();

    const report = await imported(db, seed());
    expect(report.outcome).toBe("differences-reported");
    const where = report.differences.map((d) => d.where);
    expect(where).toEqual(expect.arrayContaining(["cell R7 x U2 applies", "cell R7 x U2 likelihood", "cell R7 x U2 severity", "cell R7 x U2 rationale"]));
    expect(where.every((w) => w.startsWith("cell R7 x U2"))).toBe(true);
    const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: "R7" }, use: { code: "U2" } } });
    expect(cell).toMatchObject({ applies: "YES", likelihood: 2, severity: 4 });
    expect(await db.auditEvent.count()).toBe(auditBefore);
  });

  test("applying a re-import overwrites the edit and audits what it replaced", async () => {
    const { db } = freshDatabase();
    await importCard(db, importer, seed());
    await updateCell(db, reviewer, {
      ref: { modelSlug: defaultModelSlug, risk: "R1", use: "U1" },
      expectedVersion: 1,
      changes: { applies: "NO" },
    });
    const report = await imported(db, seed(), { apply: true });
    expect(report.outcome).toBe("applied");
    const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: "R1" }, use: { code: "U1" } } });
    expect(cell.applies).toBe("NOT_ASSESSED");
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "card.reimport" } });
    expect(JSON.stringify(audit.before)).toContain("cell R1 x U1 applies");
  });
  test("a reviewer who opened a cell before an admin applied a card changing another cell saves it without a conflict", async () => {
    const { db } = freshDatabase();
    await imported(db, seed());
    const ref = { modelSlug: defaultModelSlug, risk: "R3", use: "U1" };
    const read = await db.cell.findFirstOrThrow({ where: { risk: { code: "R3" }, use: { code: "U1" } } });

    const card = seed();
    card.cells = card.cells.map((c) => (c.risk === "R4" && c.use === "U2" ? { ...c, rationale: "Changed in the source." } : c));
    expect((await imported(db, card, { apply: true })).outcome).toBe("applied");

    const save = await updateCell(db, reviewer, { ref, expectedVersion: read.version, changes: { likelihood: 2 } });
    expect(save).toMatchObject({ ok: true });
  });

  test("a reviewer who opened a risk or a use before an admin applied a card that changes it is told of the change, not allowed to save over it", async () => {
    const { db } = freshDatabase();
    await imported(db, seed());
    const risk = await db.risk.findFirstOrThrow({ where: { code: "R3" } });
    const use = await db.use.findFirstOrThrow({ where: { code: "U2" } });

    const card = seed();
    card.risks = card.risks.map((r) => (r.code === "R3" ? { ...r, title: "Retitled in the source" } : r));
    card.uses = card.uses.map((u) => (u.code === "U2" ? { ...u, purpose: "Changed in the source." } : u));
    expect((await imported(db, card, { apply: true })).outcome).toBe("applied");

    const riskSave = await updateRisk(db, reviewer, {
      modelSlug: defaultModelSlug,
      code: "R3",
      expectedVersion: risk.version,
      title: "The reviewer's title",
      riskType: risk.riskType,
      harmArea: risk.harmArea,
    });
    expect(riskSave).toMatchObject({ ok: false, kind: "conflict" });
    const { id: _id, modelId: _model, code: _code, version: _version, ...useFacts } = use;
    const useSave = await updateUse(db, reviewer, { modelSlug: defaultModelSlug, code: "U2", expectedVersion: use.version, ...useFacts });
    expect(useSave).toMatchObject({ ok: false, kind: "conflict" });
    expect((await db.risk.findFirstOrThrow({ where: { code: "R3" } })).title).toBe("Retitled in the source");
    expect((await db.use.findFirstOrThrow({ where: { code: "U2" } })).purpose).toBe("Changed in the source.");
  });

  test("an applied re-import versions only the risks and uses it changes", async () => {
    const { db } = freshDatabase();
    await imported(db, seed());
    const risksBefore = await db.risk.findMany({ orderBy: { code: "asc" } });
    const usesBefore = await db.use.findMany({ orderBy: { code: "asc" } });

    const card = seed();
    card.risks = card.risks.map((r) => (r.code === "R3" ? { ...r, title: "Retitled in the source" } : r));
    expect((await imported(db, card, { apply: true })).outcome).toBe("applied");

    const versions = (rows: { code: string; version: number }[]) => Object.fromEntries(rows.map((row) => [row.code, row.version]));
    expect(versions(await db.risk.findMany())).toEqual({ ...versions(risksBefore), R3: risksBefore.find((r) => r.code === "R3")!.version + 1 });
    expect(versions(await db.use.findMany())).toEqual(versions(usesBefore));
  });

  test("an applied re-import writes, versions and audits only the cells whose content it changes", async () => {
    const { db } = freshDatabase();
    await imported(db, seed());
    const before = await db.cell.findMany({ include: { risk: true, use: true, mitigations: true }, orderBy: { id: "asc" } });
    const card = seed();
    const changed = (c: Card["cells"][number]) => c.risk === "R4" && c.use === "U2";
    card.cells = card.cells.map((c) => (changed(c) ? { ...c, rationale: "Changed in the source." } : c));
    expect((await imported(db, card, { apply: true })).outcome).toBe("applied");

    const after = await db.cell.findMany({ include: { risk: true, use: true, mitigations: true }, orderBy: { id: "asc" } });
    const moved = after.filter((cell, index) => JSON.stringify(cell) !== JSON.stringify(before[index]));
    expect(moved.map((cell) => `${cell.risk.code}×${cell.use.code}`)).toEqual(["R4×U2"]);
    expect(moved[0].version).toBe(before.find((cell) => cell.id === moved[0].id)!.version + 1);
    const cellEvents = await db.auditEvent.findMany({ where: { entityType: "Cell" } });
    expect(cellEvents.map((event) => [event.entityId, event.actorLabel, event.after])).toEqual([
      [moved[0].id, importer.label, { version: moved[0].version, rationale: "Changed in the source." }],
    ]);
  });

  test("applying a re-import retires a risk and a use added in the app instead of deleting them: their cells stay", async () => {
    const { db } = freshDatabase();
    await importCard(db, importer, seed());
    expect(
      await addRisk(db, reviewer, { modelSlug: defaultModelSlug, title: "Found in an incident", riskType: "SYSTEMIC", harmArea: "MISINFORMATION" }),
    ).toMatchObject({ code: "R15" });
    expect(
      await addUse(db, reviewer, {
        modelSlug: defaultModelSlug,
        purpose: "Answering support tickets",
        capability: "Drafting replies",
        aiUser: "Support agents",
        aiSubject: "Customers",
        domain: "Customer service",
      }),
    ).toMatchObject({ ok: true, code: "U5" });
    const cellsBefore = await db.cell.count();
    const report = await imported(db, seed(), { apply: true });
    expect(report.outcome).toBe("applied");
    expect(report.retired).toEqual(["R15", "U5"]);
    const risk = await db.risk.findFirstOrThrow({ where: { code: "R15" } });
    const use = await db.use.findFirstOrThrow({ where: { code: "U5" } });
    expect(risk.retiredAt).not.toBeNull();
    expect(use.retiredAt).not.toBeNull();
    expect(await db.cell.count()).toBe(cellsBefore);
    expect((await imported(db, seed())).outcome).toBe("unchanged");
  });

  test("applying a card that lists a retired risk and use again brings them back, with their cells", async () => {
    const { db } = freshDatabase();
    await importCard(db, importer, seed());
    const r14 = await db.risk.findFirstOrThrow({ where: { code: "R14" } });
    const u4 = await db.use.findFirstOrThrow({ where: { code: "U4" } });
    const ref = { modelSlug: defaultModelSlug, reason: "folded into another" };
    expect(await retireRisk(db, approver, { ...ref, code: "R14", expectedVersion: r14.version })).toMatchObject({ ok: true });
    expect(await retireUse(db, approver, { ...ref, code: "U4", expectedVersion: u4.version })).toMatchObject({ ok: true });

    const report = await imported(db, seed(), { apply: true });
    expect(report.outcome).toBe("applied");
    expect(report.restored).toEqual(["R14", "U4"]);
    const risk = await db.risk.findFirstOrThrow({ where: { code: "R14" } });
    const use = await db.use.findFirstOrThrow({ where: { code: "U4" } });
    expect(risk.retiredAt).toBeNull();
    expect(use.retiredAt).toBeNull();
    // Restoring is a change a reviewer's open form must not overwrite.
    expect(risk.version).toBeGreaterThan(r14.version + 1);
    expect(use.version).toBeGreaterThan(u4.version + 1);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "card.reimport" } });
    expect(audit.after).toMatchObject({ restored: ["R14", "U4"] });
    expect((await imported(db, seed())).outcome).toBe("unchanged");
  });
});
