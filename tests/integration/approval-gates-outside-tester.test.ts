// What an outside tester tried against the governance gates, through the same lib/ commands the
// pages and the HTTP API call, on a real database with the seed card: a card uploaded with its
// cells already marked approved, an acceptance a card import made without an expiry, and two saves
// of one cell at once.
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { updateCell } from "../../lib/cells/update-cell";
import type { Db } from "../../lib/db/types";
import { liveCardFile } from "../../lib/releases/card-export";
import { loadReleaseGaps } from "../../lib/releases/release-gaps";
import { createModel } from "../../lib/models/create-model";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { addPassingEvidence, seededDatabase, slug } from "./releases-setup";

let db: Db;
let rita: Actor;
let ada: Actor;
let arne: Actor;

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

describe("a risk acceptance without an expiry", () => {
  it("is a release gap: a card import marks a cell accepted but carries no expiry, and an acceptance holds only until its expiry", async () => {
    await save(rita, "R3", "U1", judged);
    await addPassingEvidence(db, "R3", "U1");
    const target = await cell("R3", "U1");
    await db.cell.update({ where: { id: target.id }, data: { reviewStatus: "ACCEPTED" } });
    const card = parseCardMarkdown((await liveCardFile(db, slug, "md"))!.body, slug).card;
    await db.cell.update({ where: { id: target.id }, data: { reviewStatus: "DRAFT" } });
    const admin: Actor = { id: null, label: "Ida Admin", role: "ADMIN" };
    expect(await importCard(db, admin, card, { apply: true })).toMatchObject({ ok: true, outcome: "applied" });
    expect(await cell("R3", "U1")).toMatchObject({ reviewStatus: "ACCEPTED", acceptedUntil: null });

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
