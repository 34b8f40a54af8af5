// A cell whose risk acceptance lapsed a moment ago, before the sweep (lib/cells/expire-acceptances.ts)
// has reopened it: a reviewer's edit that does not touch the acceptance is saved, as it would be a
// minute later, instead of being refused as if the reviewer were accepting the risk. Accepting it
// again still needs a date in the future.
import { beforeAll, describe, expect, test } from "vitest";
import { updateCell } from "../../lib/cells/update-cell";
import type { Db } from "../../lib/db/types";
import { dateDaysAhead } from "../support/date-days-ahead";
import { approver, reviewer, seededDatabase, slug } from "./releases-setup";

let db: Db;

beforeAll(async () => {
  db = await seededDatabase();
});

/** R1×U1 accepted until a second ago, with its judgement and justification. */
async function lapsedAcceptance(): Promise<{ id: string; version: number }> {
  const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: "R1", model: { slug } }, use: { code: "U1" } } });
  return db.cell.update({
    where: { id: cell.id },
    data: {
      applies: "YES",
      likelihood: 2,
      severity: 2,
      rationale: "Rare and mild.",
      reviewStatus: "ACCEPTED",
      acceptedUntil: new Date(Date.now() - 1000),
      acceptanceJustification: "Filtered downstream.",
      version: { increment: 1 },
    },
    select: { id: true, version: true },
  });
}

describe("an edit to a cell whose acceptance lapsed before the sweep reopened it", () => {
  test("a new rationale is saved and sends the cell back to review", async () => {
    const cell = await lapsedAcceptance();
    const result = await updateCell(db, reviewer, { ref: { cellId: cell.id }, expectedVersion: cell.version, changes: { rationale: "Seen in logs." } });
    expect(result).toMatchObject({ ok: true, cell: { rationale: "Seen in logs.", reviewStatus: "IN_REVIEW" } });
  });

  test("a new due date is saved", async () => {
    const cell = await lapsedAcceptance();
    const result = await updateCell(db, reviewer, { ref: { cellId: cell.id }, expectedVersion: cell.version, changes: { dueDate: dateDaysAhead(60) } });
    expect(result).toMatchObject({ ok: true });
  });

  test("accepting it again with the lapsed date is refused", async () => {
    const cell = await lapsedAcceptance();
    const result = await updateCell(db, approver, {
      ref: { cellId: cell.id },
      expectedVersion: cell.version,
      changes: { acceptanceJustification: "Still filtered downstream." },
    });
    expect(result).toMatchObject({ ok: false, kind: "invalid", message: "acceptedUntil: accepting a residual risk needs an expiry date in the future" });
  });
});
