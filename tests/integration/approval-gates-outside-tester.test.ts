// What an outside tester tried against the governance gates, through the same lib/ commands the
// pages, the HTTP API and the CLI call, on a real database with the seed card: a card uploaded or
// imported by an admin with its cells already marked approved, an acceptance without an expiry,
// and two saves of one cell at once.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { updateCell } from "../../lib/cells/update-cell";
import type { Db } from "../../lib/db/types";
import { liveCardFile } from "../../lib/releases/card-export";
import { loadReleaseGaps } from "../../lib/releases/release-gaps";
import { createModel } from "../../lib/models/create-model";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import type { Card } from "../../lib/card/schema";
import { freshDatabase } from "../support/fresh-database";
import { runCli } from "../support/run-cli";
import { addPassingEvidence, seededDatabase, slug } from "./releases-setup";

let db: Db;
let rita: Actor;
let ada: Actor;
let arne: Actor;
const ida: Actor = { id: null, label: "Ida Admin", role: "ADMIN" };

async function person(name: string, role: Actor["role"]): Promise<Actor> {
  const user = await db.user.create({ data: { name, email: `${name.split(" ")[0].toLowerCase()}@outside.test`, role } });
  return { id: user.id, label: name, role };
}

async function cell(risk: string, use: string, model = slug) {
  return db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug: model } }, use: { code: use } } });
}

async function save(actor: Actor, risk: string, use: string, changes: Record<string, unknown>, expectedVersion?: number) {
  return updateCell(db, actor, { ref: { modelSlug: slug, risk, use }, expectedVersion: expectedVersion ?? (await cell(risk, use)).version, changes });
}

const judged = { applies: "YES", likelihood: 3, severity: 4, subjectAtRisk: "AI_USER", rationale: "Real for this use." };

beforeEach(async () => {
  db = await seededDatabase();
  rita = await person("Rita Reviewer", "REVIEWER");
  ada = await person("Ada Approver", "APPROVER");
  arne = await person("Arne Approver", "APPROVER");
});

describe("a card uploaded as a new model", () => {
  it("keeps the card's judgements but not its approvals: a reviewer's upload cannot approve a cell", async () => {
    await db.cell.updateMany({
      where: { risk: { code: "R3", model: { slug } }, use: { code: "U1" } },
      data: { applies: "YES", likelihood: 3, severity: 4, subjectAtRisk: "AI_USER", rationale: "Real for this use.", reviewStatus: "APPROVED" },
    });
    const markdown = (await liveCardFile(db, slug, "md"))!.body;
    expect(markdown).toMatch(/approved/);

    const preview = await createModel(db, rita, { from: "card", slug: "upload", markdown });
    if (!preview.ok || preview.created) throw new Error("no preview");
    expect(preview.preview.warnings).toContainEqual(expect.stringMatching(/1 cell .*approved.* in review/));

    expect(await createModel(db, rita, { from: "card", slug: "upload", markdown, confirm: true })).toMatchObject({ ok: true, created: true });
    const uploaded = await cell("R3", "U1", "upload");
    expect(uploaded).toMatchObject({ applies: "YES", likelihood: 3, severity: 4, reviewStatus: "IN_REVIEW", approvedById: null });
  });
});

/** The live card as its markdown says it, with `edit` made to one cell, as an admin edits the source. */
async function liveCardWith(risk: string, use: string, edit: Partial<Card["cells"][number]>, model = slug): Promise<Card> {
  const card = parseCardMarkdown((await liveCardFile(db, slug, "md"))!.body, model).card;
  return { ...card, cells: card.cells.map((c) => (c.risk === risk && c.use === use ? { ...c, ...edit } : c)) };
}

/** R3×U1 judged by a reviewer, backed by passing evidence and approved by Ada through the cell editor. */
async function approvedByAda() {
  await save(rita, "R3", "U1", judged);
  await addPassingEvidence(db, "R3", "U1");
  expect(await save(ada, "R3", "U1", { reviewStatus: "APPROVED" })).toMatchObject({ ok: true });
  return cell("R3", "U1");
}

describe("an admin's card import", () => {
  const cardJudgement = { applies: "YES", likelihood: 3, severity: 4, subjectAtRisk: "AI_USER", rationale: "Real for this use." } as const;

  it("an admin re-import with apply brings the card's judgements but not its approvals: cells it marks approved or accepted arrive in review", async () => {
    const card = await liveCardWith("R3", "U1", { ...cardJudgement, reviewStatus: "APPROVED" });
    card.cells = card.cells.map((c) => (c.risk === "R3" && c.use === "U2" ? { ...c, ...cardJudgement, reviewStatus: "ACCEPTED" } : c));

    const report = await importCard(db, ida, card, { apply: true });
    expect(await cell("R3", "U1")).toMatchObject({ applies: "YES", severity: 4, reviewStatus: "IN_REVIEW", approvedById: null, approvedSnapshot: null });
    expect(await cell("R3", "U2")).toMatchObject({ applies: "YES", severity: 4, reviewStatus: "IN_REVIEW", approvedById: null, approvedSnapshot: null });
    expect(report).toMatchObject({ ok: true, outcome: "applied", approvalsInReview: ["R3×U1", "R3×U2"] });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "card.reimport" } });
    expect(audit.after).toMatchObject({ approvalsInReview: ["R3×U1", "R3×U2"] });
  });

  it("a first import of a card with approved cells creates them in review", async () => {
    const card = await liveCardWith("R3", "U1", { ...cardJudgement, reviewStatus: "APPROVED" }, "second-beluga");
    const report = await importCard(db, ida, card);
    expect(await cell("R3", "U1", "second-beluga")).toMatchObject({ applies: "YES", reviewStatus: "IN_REVIEW", approvedById: null });
    expect(report).toMatchObject({ ok: true, outcome: "created", approvalsInReview: ["R3×U1"] });
  });

  it("a re-import that changes an approved cell's judgement reopens it, and the audit names it", async () => {
    const approved = await approvedByAda();
    const card = await liveCardWith("R3", "U1", { severity: 5 });
    expect(card.cells.find((c) => c.risk === "R3" && c.use === "U1")?.reviewStatus).toBe("APPROVED");

    const report = await importCard(db, ida, card, { apply: true });
    expect(await cell("R3", "U1")).toMatchObject({ severity: 5, reviewStatus: "IN_REVIEW", approvedSnapshot: approved.approvedSnapshot });
    expect(report).toMatchObject({ ok: true, outcome: "applied", reopened: ["R3×U1"], approvalsInReview: ["R3×U1"] });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "card.reimport" } });
    expect(audit.after).toMatchObject({ reopened: ["R3×U1"] });
  });

  it("a re-import that leaves an approved cell's judgement as it was keeps its approval, approver and snapshot", async () => {
    const approved = await approvedByAda();
    const card = await liveCardWith("R4", "U2", { rationale: "Changed in the source." });

    expect(await importCard(db, ida, card, { apply: true })).toMatchObject({ ok: true, outcome: "applied" });
    const kept = await cell("R3", "U1");
    expect(kept).toMatchObject({
      reviewStatus: "APPROVED",
      approvedById: ada.id,
      approvedSnapshot: approved.approvedSnapshot,
      approvedAt: approved.approvedAt,
    });

    const cellsBefore = await db.cell.findMany({ orderBy: { id: "asc" } });
    const roundTrip = parseCardMarkdown((await liveCardFile(db, slug, "md"))!.body, slug).card;
    expect(await importCard(db, ida, roundTrip, { apply: true })).toMatchObject({ ok: true, outcome: "unchanged" });
    expect(await db.cell.findMany({ orderBy: { id: "asc" } })).toEqual(cellsBefore);
  });

  it("the admin whose import changed a cell's judgement may not approve it: separation of duties sees an import as it sees an edit", async () => {
    const admin = await person("Iris Admin", "ADMIN");
    await addPassingEvidence(db, "R3", "U1");
    expect(await importCard(db, admin, await liveCardWith("R3", "U1", cardJudgement), { apply: true })).toMatchObject({ ok: true, outcome: "applied" });
    expect(await cell("R3", "U1")).toMatchObject({ applies: "YES", judgementChangedById: admin.id });

    const own = await save(admin, "R3", "U1", { reviewStatus: "APPROVED" });
    expect(own).toMatchObject({ ok: false, kind: "invalid" });
    expect(own.ok ? "" : own.message).toMatch(/separation of duties|changed its judgement|own/i);
    expect(await save(ada, "R3", "U1", { reviewStatus: "APPROVED" })).toMatchObject({ ok: true });
  });

  it("the admin whose import changed only a cell's mitigation statuses may not approve it: a mitigation's status is part of the judgement", async () => {
    const admin = await person("Iris Admin", "ADMIN");
    await save(rita, "R3", "U1", judged);
    await addPassingEvidence(db, "R3", "U1");
    const imported = await liveCardWith("R3", "U1", {});
    const cardCell = imported.cells.find((c) => c.risk === "R3" && c.use === "U1")!;
    const mitigation = imported.risks.find((r) => r.code === "R3")!.mitigations[0];
    expect(cardCell.mitigationStatus[mitigation] ?? "NOT_STARTED").not.toBe("IMPLEMENTED");
    const card = await liveCardWith("R3", "U1", { mitigationStatus: { ...cardCell.mitigationStatus, [mitigation]: "IMPLEMENTED" } });

    expect(await importCard(db, admin, card, { apply: true })).toMatchObject({ ok: true, outcome: "applied" });
    expect(await cell("R3", "U1")).toMatchObject({ judgementChangedById: admin.id });
    const own = await save(admin, "R3", "U1", { reviewStatus: "APPROVED" });
    expect(own).toMatchObject({ ok: false, kind: "invalid" });
    expect(await save(ada, "R3", "U1", { reviewStatus: "APPROVED" })).toMatchObject({ ok: true });
  });

  it("riskledger card import says how many cells the card marks approved arrived in review", async () => {
    await db.cell.updateMany({ where: { risk: { code: "R3", model: { slug } }, use: { code: "U1" } }, data: { ...cardJudgement, reviewStatus: "APPROVED" } });
    const file = path.join(mkdtempSync(path.join(tmpdir(), "card-")), "card.md");
    writeFileSync(file, (await liveCardFile(db, slug, "md"))!.body);
    const { url, db: other } = freshDatabase();
    const { stdout } = await runCli("cli/riskledger.ts", ["card", "import", "--file", file], url);
    expect(stdout).toMatch(/1 cell the card marks approved or accepted arrives in review.*R3×U1/);
    const stored = await other.cell.findFirstOrThrow({ where: { risk: { code: "R3" }, use: { code: "U1" } } });
    expect(stored).toMatchObject({ applies: "YES", reviewStatus: "IN_REVIEW" });
  }, 60_000);
});

describe("a risk acceptance without an expiry", () => {
  it("is a release gap: an earlier card import wrote acceptances without an expiry, and an acceptance holds only until its expiry", async () => {
    await save(rita, "R3", "U1", judged);
    await addPassingEvidence(db, "R3", "U1");
    // As a card import left it before imports stopped writing approvals: accepted, no expiry, no approver.
    await db.cell.update({ where: { id: (await cell("R3", "U1")).id }, data: { reviewStatus: "ACCEPTED" } });

    const gaps = (await loadReleaseGaps(db, slug))!.filter((gap) => gap.cell === "R3×U1");
    expect(gaps.map((gap) => gap.reason)).toEqual([expect.stringMatching(/accepted without an expiry/)]);
  });
});

describe("two saves of one cell at once, from the same version", () => {
  it("two approvers approving: one approval is kept and audited, the other is told of the conflict", async () => {
    await save(rita, "R3", "U1", judged);
    await addPassingEvidence(db, "R3", "U1");
    const version = (await cell("R3", "U1")).version;
    const results = await Promise.all([
      save(ada, "R3", "U1", { reviewStatus: "APPROVED" }, version),
      save(arne, "R3", "U1", { reviewStatus: "APPROVED" }, version),
    ]);
    expect(results.map((result) => (result.ok ? "ok" : result.kind)).sort()).toEqual(["conflict", "ok"]);
    expect(await db.auditEvent.count({ where: { action: "cell.approve" } })).toBe(1);
    expect((await cell("R3", "U1")).version).toBe(version + 1);
  });

  it("an edit and an approval: only one is saved, so no approval vouches for a judgement it did not see", async () => {
    await save(rita, "R3", "U1", judged);
    await addPassingEvidence(db, "R3", "U1");
    const version = (await cell("R3", "U1")).version;
    const results = await Promise.all([save(ada, "R3", "U1", { reviewStatus: "APPROVED" }, version), save(rita, "R3", "U1", { severity: 5 }, version)]);
    expect(results.map((result) => (result.ok ? "ok" : result.kind)).sort()).toEqual(["conflict", "ok"]);
    const stored = await cell("R3", "U1");
    expect(stored.reviewStatus === "APPROVED" ? stored.severity : 4).toBe(4);
  });
});
