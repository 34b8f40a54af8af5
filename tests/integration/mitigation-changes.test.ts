// A risk's mitigations changed in the browser's commands, on a real database: a mitigation added to
// a risk (a new text, or one the library already holds), a risk's list reordered, a mitigation's text
// edited and a mitigation retired, each audited and each guarded by a version; a stale one is refused,
// naming the version, and changes nothing. A retired mitigation leaves the card and the cells' editors
// and is kept with its links, the cells' statuses and its history, through a re-import too.
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { cardFromDb } from "../../lib/card/card-from-db";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { updateCell } from "../../lib/cells/update-cell";
import type { Db } from "../../lib/db/types";
import { loadMatrix } from "../../lib/matrix/load-matrix";
import { addRiskMitigation, moveRiskMitigation, retireMitigation } from "../../lib/mitigations/change-mitigations";
import { editMitigationText } from "../../lib/mitigations/edit-mitigation-text";
import { loadMitigationLibrary } from "../../lib/mitigations/load-mitigation-library";
import { mergeMitigations } from "../../lib/mitigations/merge";
import { loadCellEditing } from "../../lib/matrix/cell-editing";
import { changesFrom, formFromCell, withoutRefusedMitigations } from "../../app/models/[slug]/matrix/cell-form";
import { liveCardFile } from "../../lib/releases/card-export";
import { loadRisk } from "../../lib/risks/load-risk";
import { addUse } from "../../lib/uses/change-uses";
import { approver, reviewer, seededDatabase, slug } from "./releases-setup";

let db: Db;
const other: Actor = { id: null, label: "Olga Other", role: "REVIEWER" };

beforeEach(async () => {
  db = await seededDatabase();
});

/** Every row a mitigation change could touch, to show a refusal touched none. */
async function mitigationRows() {
  return JSON.stringify({
    mitigations: await db.mitigation.findMany({ orderBy: { id: "asc" } }),
    links: await db.riskMitigation.findMany({ orderBy: [{ riskId: "asc" }, { mitigationId: "asc" }] }),
    statuses: await db.cellMitigation.findMany({ orderBy: [{ cellId: "asc" }, { mitigationId: "asc" }] }),
    risks: await db.risk.findMany({ orderBy: { id: "asc" }, select: { id: true, version: true } }),
    audit: await db.auditEvent.count(),
  });
}

const riskList = async (code: string) => (await loadRisk(db, slug, code))!.mitigations.map((m) => m.text);
const cardList = async (code: string) => (await cardFromDb(db, slug))!.risks.find((risk) => risk.code === code)!.mitigations;
const mitigationOf = (text: string) => db.mitigation.findFirstOrThrow({ where: { text } });

describe("adding a mitigation to a risk", () => {
  it("adds a new text at the end of the risk's list, in the card and every cell of the risk, and audits it", async () => {
    const result = await addRiskMitigation(db, reviewer, { modelSlug: slug, code: "R4", expectedVersion: 1, text: "Cite a source for every factual claim" });
    expect(result).toMatchObject({ ok: true, text: "Cite a source for every factual claim", riskVersion: 2, created: true });
    expect((await riskList("R4")).at(-1)).toBe("Cite a source for every factual claim");
    expect((await cardList("R4")).at(-1)).toBe("Cite a source for every factual claim");
    const matrix = (await loadMatrix(db, slug))!;
    const added = (await mitigationOf("Cite a source for every factual claim")).id;
    expect(Object.values(matrix.risks.find((risk) => risk.code === "R4")!.cells).map((cell) => cell.mitigationStatus[added])).toEqual([
      "NOT_STARTED",
      "NOT_STARTED",
      "NOT_STARTED",
      "NOT_STARTED",
    ]);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "mitigation.add" } });
    const r4 = await db.risk.findFirstOrThrow({ where: { code: "R4" } });
    expect(audit).toMatchObject({ entityType: "Risk", entityId: r4.id, actorLabel: "Rita Reviewer" });
    expect(audit.after).toEqual({ version: 2, mitigation: "Cite a source for every factual claim", mitigationId: added, created: true, position: 5 });
  });

  it("lists one the library already holds, by id or by its text, without storing its text twice, and refuses one the risk lists already", async () => {
    const safety = await mitigationOf("Perform safety testing");
    expect(await addRiskMitigation(db, reviewer, { modelSlug: slug, code: "R4", expectedVersion: 1, mitigationId: safety.id })).toMatchObject({
      ok: true,
      created: false,
      riskVersion: 2,
    });
    const responsibly = await mitigationOf("Use the model responsibly");
    const byText = await addRiskMitigation(db, reviewer, { modelSlug: slug, code: "R1", expectedVersion: 1, text: "Use the model responsibly" });
    expect(byText).toMatchObject({ ok: true, mitigationId: responsibly.id, created: false });
    expect(await db.mitigation.count({ where: { text: "Use the model responsibly" } })).toBe(1);
    expect((await riskList("R4")).at(-1)).toBe("Perform safety testing");

    const before = await mitigationRows();
    const again = await addRiskMitigation(db, reviewer, { modelSlug: slug, code: "R4", expectedVersion: 2, mitigationId: safety.id });
    expect(again).toMatchObject({ ok: false, kind: "invalid", message: 'R4 already lists "Perform safety testing"' });
    expect(await mitigationRows()).toBe(before);
  });

  it("refuses an addition made on a stale page, naming who changed the risk and its version, and changes nothing", async () => {
    expect(await addRiskMitigation(db, reviewer, { modelSlug: slug, code: "R4", expectedVersion: 1, text: "Cite sources" })).toMatchObject({ ok: true });
    const before = await mitigationRows();
    const stale = await addRiskMitigation(db, other, { modelSlug: slug, code: "R4", expectedVersion: 1, text: "Flag uncertain answers" });
    expect(stale).toMatchObject({ ok: false, kind: "conflict", version: 2 });
    expect(stale.ok ? "" : stale.message).toBe(
      "R4 was changed by Rita Reviewer while you were editing (now version 2). Nothing was saved; review their change and try again.",
    );
    expect(await mitigationRows()).toBe(before);
    expect(await db.mitigation.count({ where: { text: "Flag uncertain answers" } })).toBe(0);
  });

  it("refuses input that names both a new text and a library entry, or neither, naming what is wrong", async () => {
    const before = await mitigationRows();
    const safety = await mitigationOf("Perform safety testing");
    for (const input of [{ text: "Both", mitigationId: safety.id }, {}, { text: "   " }]) {
      const refused = await addRiskMitigation(db, reviewer, { modelSlug: slug, code: "R4", expectedVersion: 1, ...input });
      expect(refused).toMatchObject({ ok: false, kind: "invalid" });
    }
    const neither = await addRiskMitigation(db, reviewer, { modelSlug: slug, code: "R4", expectedVersion: 1 });
    expect(neither.ok ? "" : neither.message).toBe("text: give either the text of a new mitigation or one from the model's library, not both");
    expect(await mitigationRows()).toBe(before);
  });
});

describe("reordering a risk's mitigations", () => {
  it("moves a mitigation down past its neighbour, in the risk's page and the card, and audits the move", async () => {
    const first = await mitigationOf("Ensure outputs are not hallucinations");
    expect(
      await moveRiskMitigation(db, reviewer, { modelSlug: slug, code: "R4", expectedVersion: 1, mitigationId: first.id, direction: "down" }),
    ).toMatchObject({ ok: true, riskVersion: 2 });
    const order = ["Avoid treating model outputs as sources of truth", "Ensure outputs are not hallucinations", "Use the model responsibly"];
    expect((await riskList("R4")).slice(0, 3)).toEqual(order);
    expect((await cardList("R4")).slice(0, 3)).toEqual(order);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "mitigation.move" } });
    expect(audit).toMatchObject({ entityType: "Risk", entityId: (await db.risk.findFirstOrThrow({ where: { code: "R4" } })).id });
    expect([audit.before, audit.after]).toEqual([
      { version: 1, mitigation: "Ensure outputs are not hallucinations", place: 1 },
      { version: 2, mitigation: "Ensure outputs are not hallucinations", place: 2, swappedWith: "Avoid treating model outputs as sources of truth" },
    ]);
  });

  it("refuses a move made on a stale page and moving the last one further, changing nothing", async () => {
    const [first, last] = [
      await mitigationOf("Ensure outputs are not hallucinations"),
      await mitigationOf("Perform more rigorous measurement, understanding and mitigations"),
    ];
    expect(
      await moveRiskMitigation(db, reviewer, { modelSlug: slug, code: "R4", expectedVersion: 1, mitigationId: first.id, direction: "down" }),
    ).toMatchObject({ ok: true });
    const before = await mitigationRows();
    const stale = await moveRiskMitigation(db, other, { modelSlug: slug, code: "R4", expectedVersion: 1, mitigationId: first.id, direction: "up" });
    expect(stale).toMatchObject({ ok: false, kind: "conflict", version: 2 });
    expect(stale.ok ? "" : stale.message).toMatch(/^R4 was changed by Rita Reviewer while you were editing \(now version 2\)/);
    const tooFar = await moveRiskMitigation(db, reviewer, { modelSlug: slug, code: "R4", expectedVersion: 2, mitigationId: last.id, direction: "down" });
    expect(tooFar).toMatchObject({
      ok: false,
      kind: "invalid",
      message: '"Perform more rigorous measurement, understanding and mitigations" is already the last mitigation of R4',
    });
    expect(await mitigationRows()).toBe(before);
  });
});

describe("editing a mitigation's text", () => {
  it("saves under the version the page showed and refuses a stale one, naming who changed it and the version, keeping their text", async () => {
    const mitigation = await mitigationOf("Use the model responsibly");
    expect(await editMitigationText(db, reviewer, { mitigationId: mitigation.id, expectedVersion: 1, text: "Use the model within its stated limits" })).toEqual(
      {
        ok: true,
        mitigation: { id: mitigation.id, text: "Use the model within its stated limits", version: 2 },
      },
    );
    const before = await mitigationRows();
    const stale = await editMitigationText(db, other, { mitigationId: mitigation.id, expectedVersion: 1, text: "Mine" });
    expect(stale).toMatchObject({ ok: false, kind: "conflict", version: 2 });
    expect(stale.ok ? "" : stale.message).toBe(
      'the mitigation "Use the model within its stated limits" was changed by Rita Reviewer while you were editing (now version 2). Nothing was saved; review their change and try again.',
    );
    expect(await mitigationRows()).toBe(before);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "mitigation.edit" } });
    expect([audit.before, audit.after]).toEqual([
      { version: 1, text: "Use the model responsibly" },
      { version: 2, text: "Use the model within its stated limits" },
    ]);
  });
});

describe("retiring a mitigation", () => {
  const text = "Perform safety testing";

  async function retireSafetyTesting() {
    const mitigation = await mitigationOf(text);
    const result = await retireMitigation(db, approver, { mitigationId: mitigation.id, expectedVersion: 1, reason: "Covered by the campaign suites." });
    expect(result).toMatchObject({ ok: true, version: 2 });
    return mitigation;
  }

  it("leaves the card export, the matrix and every cell's editor, and keeps its links and the statuses cells recorded for it", async () => {
    const mitigation = await mitigationOf(text);
    const risksListing = (await db.riskMitigation.findMany({ where: { mitigationId: mitigation.id }, include: { risk: true } })).map((link) => link.risk.code);
    expect(risksListing.length).toBeGreaterThan(1);
    const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: risksListing[0] }, use: { code: "U1" } } });
    expect(
      await updateCell(db, reviewer, {
        ref: { modelSlug: slug, risk: risksListing[0], use: "U1" },
        expectedVersion: 1,
        changes: { mitigationStatus: { [mitigation.id]: "IMPLEMENTED" } },
      }),
    ).toMatchObject({ ok: true });
    expect((await liveCardFile(db, slug, "md"))!.body).toContain(text);

    await retireSafetyTesting();

    const markdown = (await liveCardFile(db, slug, "md"))!.body;
    expect(markdown).not.toContain(text);
    const card = (await cardFromDb(db, slug))!;
    expect(card.risks.flatMap((risk) => risk.mitigations)).not.toContain(text);
    expect(card.cells.flatMap((c) => Object.keys(c.mitigationStatus))).not.toContain(text);
    const matrix = (await loadMatrix(db, slug))!;
    for (const risk of matrix.risks) {
      expect(risk.mitigations.map((m) => m.id)).not.toContain(mitigation.id);
      for (const view of Object.values(risk.cells)) expect(Object.keys(view.mitigationStatus)).not.toContain(mitigation.id);
    }
    expect(await db.riskMitigation.count({ where: { mitigationId: mitigation.id } })).toBe(risksListing.length);
    expect(await db.cellMitigation.findUniqueOrThrow({ where: { cellId_mitigationId: { cellId: cell.id, mitigationId: mitigation.id } } })).toMatchObject({
      status: "IMPLEMENTED",
    });
    const risk = (await loadRisk(db, slug, risksListing[0]))!;
    expect(risk.retiredMitigations).toEqual([{ id: mitigation.id, text }]);
    expect(risk.otherMitigations.map((m) => m.text)).not.toContain(text);
  });

  it("refuses a status for it from an editor opened before, naming its text, and saves the editor's other changes once it leaves the status out", async () => {
    const mitigation = await mitigationOf(text);
    const link = await db.riskMitigation.findFirstOrThrow({ where: { mitigationId: mitigation.id }, include: { risk: true } });
    const cell = await db.cell.findFirstOrThrow({ where: { riskId: link.riskId, use: { code: "U1" } } });
    const editing = (await loadCellEditing(db, cell.id))!;
    const base = formFromCell(editing.cell);
    const typed = { ...base, rationale: "Red-teamed in March.", mitigationStatus: { ...base.mitigationStatus, [mitigation.id]: "IMPLEMENTED" as const } };

    await retireSafetyTesting();
    const refused = await updateCell(db, reviewer, { ref: { cellId: cell.id }, expectedVersion: cell.version, changes: changesFrom(typed, base) });
    expect(refused).toMatchObject({
      ok: false,
      kind: "invalid",
      message: `mitigationStatus.${mitigation.id}: the mitigation "${text}" is retired: a cell no longer records its status`,
    });
    expect(refused.ok || refused.message.split(": ").slice(1).join(": ")).not.toContain(mitigation.id);

    const issues = !refused.ok && refused.kind === "invalid" ? refused.issues : [];
    const [keptForm, keptBase] = [typed, base].map((form) => withoutRefusedMitigations(form, issues));
    expect(keptForm.rationale).toBe("Red-teamed in March.");
    const saved = await updateCell(db, reviewer, { ref: { cellId: cell.id }, expectedVersion: cell.version, changes: changesFrom(keptForm, keptBase) });
    expect(saved).toMatchObject({ ok: true, cell: { rationale: "Red-teamed in March." } });
    expect(await db.cellMitigation.count({ where: { cellId: cell.id, mitigationId: mitigation.id } })).toBe(0);
  });

  it("is shown as retired in the library, after those in force, and is not proposed for a merge", async () => {
    const mitigation = await retireSafetyTesting();
    const library = (await loadMitigationLibrary(db, slug))!;
    expect(library.mitigations.at(-1)).toMatchObject({ id: mitigation.id, text, version: 2, retiredAt: expect.any(String) });
    expect(library.mitigations.filter((m) => m.retiredAt)).toHaveLength(1);
    expect(library.nearDuplicates.flatMap((pair) => [pair.firstId, pair.secondId])).not.toContain(mitigation.id);
    const keep = await mitigationOf("Use the model responsibly");
    expect(await mergeMitigations(db, reviewer, { keepId: keep.id, mergeId: mitigation.id })).toMatchObject({ ok: false, kind: "invalid" });
    expect(await db.mitigation.count({ where: { id: mitigation.id } })).toBe(1);
  });

  it("is not offered to the cells a new use brings, nor given a status, nor listed again, nor edited", async () => {
    const mitigation = await retireSafetyTesting();
    const added = await addUse(db, reviewer, {
      modelSlug: slug,
      purpose: "Triage of tickets",
      capability: "Classification",
      aiUser: "Agents",
      aiSubject: "Customers",
      domain: "Support",
    });
    expect(added).toMatchObject({ ok: true, code: "U5" });
    const matrix = (await loadMatrix(db, slug))!;
    for (const risk of matrix.risks) expect(Object.keys(risk.cells.U5.mitigationStatus)).not.toContain(mitigation.id);

    const before = await mitigationRows();
    const link = await db.riskMitigation.findFirstOrThrow({ where: { mitigationId: mitigation.id }, include: { risk: true } });
    const status = await updateCell(db, reviewer, {
      ref: { modelSlug: slug, risk: link.risk.code, use: "U5" },
      expectedVersion: 1,
      changes: { mitigationStatus: { [mitigation.id]: "PLANNED" } },
    });
    expect(status).toMatchObject({ ok: false, kind: "invalid" });
    const listed = await addRiskMitigation(db, reviewer, { modelSlug: slug, code: "R4", expectedVersion: 1, mitigationId: mitigation.id });
    expect(listed).toMatchObject({ ok: false, kind: "invalid", message: `the mitigation "${text}" is retired: a retired mitigation is not listed again` });
    const edited = await editMitigationText(db, reviewer, { mitigationId: mitigation.id, expectedVersion: 2, text: "Perform red-team testing" });
    expect(edited).toMatchObject({ ok: false, kind: "invalid", message: `the mitigation "${text}" is retired: its text is kept as it was` });
    expect(await mitigationRows()).toBe(before);
  });

  it("needs an approver and the current version: a reviewer and a stale page are refused and change nothing", async () => {
    const mitigation = await mitigationOf(text);
    expect(
      await editMitigationText(db, reviewer, { mitigationId: mitigation.id, expectedVersion: 1, text: "Perform safety testing before release" }),
    ).toMatchObject({
      ok: true,
    });
    const before = await mitigationRows();
    const byReviewer = await retireMitigation(db, reviewer, { mitigationId: mitigation.id, expectedVersion: 2, reason: "Not needed." });
    expect(byReviewer).toMatchObject({ ok: false, kind: "forbidden" });
    const stale = await retireMitigation(db, approver, { mitigationId: mitigation.id, expectedVersion: 1, reason: "Not needed." });
    expect(stale).toMatchObject({ ok: false, kind: "conflict", version: 2 });
    expect(stale.ok ? "" : stale.message).toMatch(/^the mitigation "Perform safety testing before release" was changed by Rita Reviewer .*\(now version 2\)/);
    const noReason = await retireMitigation(db, approver, { mitigationId: mitigation.id, expectedVersion: 2, reason: " " });
    expect(noReason.ok ? "" : noReason.message).toBe("reason: say why the mitigation is retired: it stays in the audit log");
    expect(await mitigationRows()).toBe(before);

    expect(await retireMitigation(db, approver, { mitigationId: mitigation.id, expectedVersion: 2, reason: "Not needed." })).toMatchObject({
      ok: true,
      version: 3,
    });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "mitigation.retire" } });
    expect([audit.entityId, audit.actorLabel, audit.after]).toEqual([mitigation.id, "Ada Approver", { version: 3, retired: true, reason: "Not needed." }]);
  });

  it("stays retired, with its links and statuses, when the exported card is changed and imported again; a card listing it again brings it back", async () => {
    const mitigation = await mitigationOf(text);
    const link = await db.riskMitigation.findFirstOrThrow({ where: { mitigationId: mitigation.id }, include: { risk: true } });
    expect(
      await updateCell(db, reviewer, {
        ref: { modelSlug: slug, risk: link.risk.code, use: "U2" },
        expectedVersion: 1,
        changes: { mitigationStatus: { [mitigation.id]: "PLANNED" } },
      }),
    ).toMatchObject({ ok: true });
    await retireSafetyTesting();
    const before = await mitigationRows();
    const exported = (await liveCardFile(db, slug, "md"))!.body;
    const importer: Actor = { id: null, label: "importer", role: "ADMIN" };
    // Changed a little, so the import writes the card instead of finding it unchanged.
    const reimported = parseCardMarkdown(exported, slug).card;
    reimported.risks[0].title = `${reimported.risks[0].title} (re-imported)`;
    expect(await importCard(db, importer, reimported, { apply: true })).toMatchObject({ ok: true, outcome: "applied" });
    const after = JSON.parse(await mitigationRows());
    expect(after.mitigations).toEqual(JSON.parse(before).mitigations.map((row: { updatedAt: string }) => ({ ...row, updatedAt: expect.any(String) })));
    // The card's own mitigations are listed afresh in its order; which risk lists which mitigation is unchanged.
    const pairsOf = (links: { riskId: string; mitigationId: string }[]) => links.map((l) => `${l.riskId}:${l.mitigationId}`);
    expect(pairsOf(after.links)).toEqual(pairsOf(JSON.parse(before).links));
    expect(after.statuses).toEqual(JSON.parse(before).statuses);

    const card = (await cardFromDb(db, slug))!;
    card.risks.find((risk) => risk.code === link.risk.code)!.mitigations.push(text);
    await importCard(db, importer, card, { apply: true });
    expect(await db.mitigation.findUniqueOrThrow({ where: { id: mitigation.id } })).toMatchObject({ retiredAt: null, version: 3 });
    expect(await cardList(link.risk.code)).toContain(text);
  });
});

describe("merging a mitigation away while a cell's editor is open", () => {
  it("refuses the status the editor holds for it naming it and the one it was merged into by their texts, never by id", async () => {
    const merged = await mitigationOf("Perform safety testing");
    const kept = await mitigationOf("Use the model responsibly");
    const link = await db.riskMitigation.findFirstOrThrow({ where: { mitigationId: merged.id }, include: { risk: true } });
    const cell = await db.cell.findFirstOrThrow({ where: { riskId: link.riskId, use: { code: "U1" } } });
    const base = formFromCell((await loadCellEditing(db, cell.id))!.cell);
    const typed = { ...base, rationale: "Red-teamed in March.", mitigationStatus: { ...base.mitigationStatus, [merged.id]: "IMPLEMENTED" as const } };

    expect(await mergeMitigations(db, other, { keepId: kept.id, mergeId: merged.id })).toMatchObject({ ok: true });
    const version = (await db.cell.findUniqueOrThrow({ where: { id: cell.id } })).version;
    const refused = await updateCell(db, reviewer, { ref: { cellId: cell.id }, expectedVersion: version, changes: changesFrom(typed, base) });
    expect(refused).toMatchObject({
      ok: false,
      kind: "invalid",
      message: `mitigationStatus.${merged.id}: the mitigation "Perform safety testing" was merged into "Use the model responsibly": set that one's status instead`,
    });
    expect(refused.ok || refused.message.split(": ").slice(1).join(": ")).not.toContain(merged.id);
  });
});
