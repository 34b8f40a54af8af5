// Before the CLI had to name its user (cli/cli-actor.ts), `riskledger card import --apply` changed
// judgements as an unnamed writer: the cell's last judge was nobody, so any approver, the operator
// among them, could approve it. Databases keep such cells. A cell whose judgement was last changed
// by an unnamed writer can be approved by nobody until a named person judges it; a cell judged only
// by the card it was created from stays approvable.
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { cardFromDb } from "../../lib/card/card-from-db";
import { importCard } from "../../lib/card/import-card";
import { updateCell } from "../../lib/cells/update-cell";
import type { Db } from "../../lib/db/types";
import { addPassingEvidence, seededDatabase, slug } from "./releases-setup";

let db: Db;
let rita: Actor;
let ada: Actor;
const unnamedOperator: Actor = { id: null, label: "cli:operator", role: "ADMIN" };

async function person(name: string, role: Actor["role"]): Promise<Actor> {
  const user = await db.user.create({ data: { name, email: `${name.split(" ")[0].toLowerCase()}@unnamed.test`, role } });
  return { id: user.id, label: name, role };
}

async function save(actor: Actor, risk: string, use: string, changes: Record<string, unknown>) {
  const current = await db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug } }, use: { code: use } } });
  return updateCell(db, actor, { ref: { cellId: current.id }, expectedVersion: current.version, changes });
}

beforeEach(async () => {
  db = await seededDatabase();
  rita = await person("Rita Reviewer", "REVIEWER");
  ada = await person("Ada Approver", "APPROVER");
});

describe("a cell whose judgement an unnamed writer changed last", () => {
  it("cannot be approved by anyone until a named person judges it", async () => {
    const card = (await cardFromDb(db, slug))!;
    card.cells = card.cells.map((c) =>
      c.risk === "R3" && c.use === "U1" ? { ...c, applies: "YES", likelihood: 3, severity: 4, rationale: "Real for this use." } : c,
    );
    expect(await importCard(db, unnamedOperator, card, { apply: true })).toMatchObject({ ok: true, outcome: "applied" });
    await addPassingEvidence(db, "R3", "U1");

    const refused = await save(ada, "R3", "U1", { reviewStatus: "APPROVED" });
    expect(refused).toMatchObject({ ok: false, kind: "invalid" });
    expect(refused.ok ? "" : refused.message).toMatch(/names no person.*separation of duties/);

    expect(await save(rita, "R3", "U1", { rationale: "Real for this use: checked." })).toMatchObject({ ok: true });
    expect(await save(ada, "R3", "U1", { reviewStatus: "APPROVED" })).toMatchObject({ ok: true });
  });

  it("a cell judged only by the card it was created from is approvable as before", async () => {
    const card = (await cardFromDb(db, slug))!;
    card.model = { ...card.model, slug: "second-beluga" };
    card.cells = card.cells.map((c) => (c.risk === "R3" && c.use === "U1" ? { ...c, applies: "NO", rationale: "Not for this use." } : c));
    expect(await importCard(db, unnamedOperator, card)).toMatchObject({ ok: true, outcome: "created" });
    const created = await db.cell.findFirstOrThrow({ where: { risk: { code: "R3", model: { slug: "second-beluga" } }, use: { code: "U1" } } });
    expect(created).toMatchObject({ applies: "NO", judgementChangedById: null });

    const approved = await updateCell(db, ada, { ref: { cellId: created.id }, expectedVersion: created.version, changes: { reviewStatus: "APPROVED" } });
    expect(approved).toMatchObject({ ok: true });
  });
});
