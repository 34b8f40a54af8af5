// An approver publishes while another approves a cell, from another process (on one process's own
// connection an approval waits for publishing's read to end). The release stores the card as it read it;
// the gaps it is checked against must be that card's, or a cell read as a draft is published as if
// it had been approved, with no gap accepted for it.
import { describe, expect, test } from "vitest";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { publishRelease } from "../../lib/releases/publish-release";
import { describeGap } from "../../lib/releases/describe-gap";
import { parseSnapshotJson } from "../../lib/releases/release-snapshot";
import { addPassingEvidence, approve, approver, markApplicable, readyEveryApplicableCell, seededDatabaseFile, slug } from "./releases-setup";

/**
 * `db`, where R2×U1 is approved through `other` (another connection to the same file, as a second
 * process has) just after publishing has read the card's cells, and then `andThen` is done.
 */
function withApprovalAfterTheCardIsRead(db: Db, other: Db, andThen: () => Promise<unknown> = async () => {}): Db {
  let approved = false;
  return db.$extends({
    query: {
      model: {
        async findUnique({ args, query }) {
          const result = await query(args);
          if (!approved && args.include?.risks) {
            approved = true;
            await approve(other, "R2", "U1");
            await andThen();
          }
          return result;
        },
      },
    },
  }) as unknown as Db;
}

describe("publishing while a cell is approved", () => {
  test("checks the gaps of the card it stores: a cell it read as a draft is a gap, though approved a moment later", async () => {
    const { db, url } = await seededDatabaseFile();
    await readyEveryApplicableCell(db);
    await markApplicable(db, "R2", "U1", { likelihood: 2, severity: 3 });
    await addPassingEvidence(db, "R2", "U1");

    const result = await publishRelease(withApprovalAfterTheCardIsRead(db, createDb(url)), approver, { slug });

    expect(result).toMatchObject({ ok: false, kind: "gaps", gaps: [{ cell: "R2×U1", reason: "not approved (draft)" }] });
    expect(await db.cardRelease.count()).toBe(0);
    expect(await db.cell.findFirstOrThrow({ where: { risk: { code: "R2" }, use: { code: "U1" } } })).toMatchObject({ reviewStatus: "APPROVED" });
  });

  test("never publishes the card it read as a release after one of the card as it became: the release published first stands as the newest", async () => {
    const { db, url } = await seededDatabaseFile();
    const other = createDb(url);
    await readyEveryApplicableCell(db);
    await markApplicable(db, "R2", "U1", { likelihood: 2, severity: 3 });
    await addPassingEvidence(db, "R2", "U1");
    const acceptance = { gaps: [describeGap({ cell: "R2×U1", reason: "not approved (draft)" })], justification: "Approved this week." };

    // While Ada's publish reads the card, R2×U1 is approved and a colleague publishes that card as v1.
    const result = await publishRelease(
      withApprovalAfterTheCardIsRead(db, other, () => publishRelease(other, approver, { slug })),
      approver,
      { slug, acceptance },
    );

    const newest = await db.cardRelease.findFirstOrThrow({ orderBy: { version: "desc" } });
    const r2u1 = parseSnapshotJson(newest.json).card.cells.find((cell) => cell.risk === "R2" && cell.use === "U1");
    expect({ version: newest.version, reviewStatus: r2u1?.reviewStatus }).toEqual({ version: 1, reviewStatus: "APPROVED" });
    expect(result).toEqual({ ok: false, kind: "unchanged", message: "nothing to publish: the card is identical to v1" });
  });
});
