// A cell of a retired risk or use, reached as an outside tester would: through the PATCH route a
// script calls (by risk and use code) and through the matrix's server action (by code and by cell
// id), each with a real session. A retired row has left the matrix, the card and the release gate,
// so an edit to its cells is refused with a message saying how to edit them again, and changes nothing.
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { PATCH } from "../../app/api/models/[slug]/cells/[risk]/[use]/route";
import { attachCellEvidence, saveCell } from "../../app/models/[slug]/matrix/actions";
import { closeDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { retireRisk } from "../../lib/risks/change-risks";
import { retireUse } from "../../lib/uses/change-uses";
import { setUseThreshold } from "../../lib/uses/set-use-threshold";
import { freshDatabase } from "../support/fresh-database";
import { signInAsNewUser } from "../support/route-session";
import { seedInto, slug } from "./releases-setup";

const setup = { id: null, label: "setup", role: "ADMIN" } as const;
let db: Db;

beforeAll(async () => {
  const fresh = freshDatabase();
  db = fresh.db;
  process.env.DATABASE_URL = fresh.url;
  await seedInto(db);
  expect(await retireRisk(db, setup, { modelSlug: slug, code: "R3", expectedVersion: 1, reason: "Folded into R2." })).toMatchObject({ ok: true });
  expect(await retireUse(db, setup, { modelSlug: slug, code: "U4", expectedVersion: 1, reason: "No longer offered." })).toMatchObject({ ok: true });
  // An approver: the one role that may do everything to a cell, approving included.
  await signInAsNewUser(db, { email: "ada@retired.test", name: "Ada Approver", role: "APPROVER", password: "ada-retired-password" });
});

afterAll(() => closeDb());

/** Every cell with its mitigation statuses, and the audit log's length. */
async function cellsAndAudit(): Promise<string> {
  return JSON.stringify([await db.cell.findMany({ orderBy: { id: "asc" }, include: { mitigations: true, evidence: true } }), await db.auditEvent.count()]);
}

async function cellId(risk: string, use: string): Promise<string> {
  return (await db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug } }, use: { code: use } } })).id;
}

const edit = { expectedVersion: 1, changes: { applies: "YES", likelihood: 4, severity: 4, rationale: "Still matters." } };

const cases = [
  ["a cell of a retired risk", "R3", "U1", "R3 is retired: restore it"],
  ["a cell of a retired use", "R1", "U4", "U4 is retired: restore it"],
  ["the cell of a retired risk and a retired use", "R3", "U4", "R3 is retired: restore it"],
] as const;

describe("an edit to a cell of a retired risk or use", () => {
  test.each(cases)("through the API by code, %s is refused with a message saying it is retired, and changes nothing", async (_name, risk, use, says) => {
    const before = await cellsAndAudit();
    const response = await PATCH(
      new Request(`http://127.0.0.1/api/models/${slug}/cells/${risk}/${use}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(edit),
      }),
      { params: Promise.resolve({ slug, risk, use }) },
    );
    const answer = await response.json();
    expect({ status: response.status, message: answer.message }).toEqual({ status: 400, message: expect.stringContaining(says) });
    expect(await cellsAndAudit()).toBe(before);
  });

  test.each(cases)(
    "through the matrix's server action by cell id, %s is refused with a message saying it is retired, and changes nothing",
    async (_name, risk, use, says) => {
      const before = await cellsAndAudit();
      const result = await saveCell({ ref: { cellId: await cellId(risk, use) }, ...edit });
      expect(result).toMatchObject({ ok: false, kind: "invalid", message: expect.stringContaining(says) });
      expect(await cellsAndAudit()).toBe(before);
    },
  );

  test("through the matrix's server action by code, an approval of a retired risk's cell is refused, and changes nothing", async () => {
    const before = await cellsAndAudit();
    const result = await saveCell({ ref: { modelSlug: slug, risk: "R3", use: "U2" }, expectedVersion: 1, changes: { reviewStatus: "APPROVED" } });
    expect(result).toMatchObject({ ok: false, kind: "invalid", message: expect.stringContaining("R3 is retired: restore it") });
    expect(await cellsAndAudit()).toBe(before);
  });

  test.each(cases)(
    "through the matrix's server action, a document attached to %s is refused with a message saying it is retired, and changes nothing",
    async (_name, risk, use, says) => {
      const before = await cellsAndAudit();
      const result = await attachCellEvidence({ ref: { cellId: await cellId(risk, use) }, kind: "DOCUMENT", title: "Red-team report", body: "Still matters." });
      expect(result).toMatchObject({ ok: false, kind: "invalid", message: expect.stringContaining(says) });
      expect(await cellsAndAudit()).toBe(before);
    },
  );

  test("a cell of a risk and use still on the matrix is saved as before", async () => {
    const result = await saveCell({ ref: { cellId: await cellId("R1", "U1") }, ...edit });
    expect(result).toMatchObject({ ok: true, cell: { version: 2, applies: "YES" } });
  });
});

describe("a use's threshold set while one of its risks is retired", () => {
  test("applies to the cells on the matrix and leaves the retired risk's cell as it was", async () => {
    const retiredCell = await db.cell.findUniqueOrThrow({ where: { id: await cellId("R3", "U2") } });
    const approver = { id: null, label: "Ada Approver", role: "APPROVER" } as const;
    const result = await setUseThreshold(db, approver, { modelSlug: slug, useCode: "U2", failureThreshold: 0.02, minSampleSize: 150 });
    expect(result).toEqual({ ok: true, changed: 13, reopened: 0 });
    expect(await db.cell.findUniqueOrThrow({ where: { id: retiredCell.id } })).toEqual(retiredCell);
  });
});
