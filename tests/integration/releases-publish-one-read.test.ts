// Publishing reads the card in several queries (its cells, their evidence, the acceptances, the
// deploy decisions). A change another connection commits while they run (a reviewer in another
// request on PostgreSQL, a worker or the CLI in another process) must be wholly in the release's read
// or wholly out of it: the release must never record the cells of one state of the card beside the
// evidence of another, nor judge its gaps on such a mixture.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { publishRelease } from "../../lib/releases/publish-release";
import { parseSnapshotJson } from "../../lib/releases/release-snapshot";
import { setUseThreshold } from "../../lib/uses/set-use-threshold";
import { dropPostgresDatabase, migratedPostgresDatabase } from "../support/postgres-database";
import { postgresInstalled } from "../support/postgres-installed";
import { approver, markApplicable, readyEveryApplicableCell, reviewer, seedInto, seededDatabaseFile, slug } from "./releases-setup";

const root = path.resolve(import.meta.dirname, "../..");
let postgresServer = "";

async function postgresDatabase() {
  postgresServer ||= execFileSync("bash", ["tests/pg/start-postgres.sh", "PG_URL"], { cwd: root, encoding: "utf8" })
    .trim()
    .replace(/^export PG_URL=/, "");
  const url = await migratedPostgresDatabase(postgresServer, "publish_one_read");
  const db = createDb(url);
  await seedInto(db);
  return { db, url };
}

/**
 * `db`, on which `change` is made (by the caller, on another connection) once the card's cells have
 * been read and before the first of their evidence is: between two reads of one publish.
 */
function withChangeBetweenCellsAndEvidence(db: Db, change: () => Promise<unknown>): Db {
  let cellsRead: () => void;
  const cardCellsRead = new Promise<void>((resolve) => {
    cellsRead = resolve;
  });
  let changed: Promise<unknown> | null = null;
  return db.$extends({
    query: {
      model: {
        async findUnique({ args, query }) {
          const result = await query(args);
          if (args.include?.risks) cellsRead();
          return result;
        },
      },
      evidence: {
        async findMany({ args, query }) {
          changed ??= cardCellsRead.then(change);
          await changed;
          return query(args);
        },
      },
    },
  }) as unknown as Db;
}

describe.each([
  { name: "SQLite", open: seededDatabaseFile, skip: false },
  { name: "PostgreSQL", open: postgresDatabase, skip: !postgresInstalled("releases-publish-one-read") },
])("publishing while another connection raises a use's bar, on $name", ({ open, skip }) => {
  let db: Db;
  let url: string;
  /** Another connection to the same database: another request's on PostgreSQL, another process's on SQLite. */
  let other: Db;

  beforeEach(async (context) => {
    if (skip) context.skip();
    ({ db, url } = await open());
    other = createDb(url);
    await markApplicable(db, "R2", "U1", { likelihood: 2, severity: 3 });
    await markApplicable(db, "R4", "U1", { likelihood: 3, severity: 3 });
    await readyEveryApplicableCell(db);
  });

  afterEach(async () => {
    if (skip) return;
    await Promise.all([db.$disconnect(), other.$disconnect()]);
    if (url.startsWith("postgres")) await dropPostgresDatabase(postgresServer, url);
  });

  test("the release records, and is judged on, the cells and their evidence of one state of the card: approved under the old bar, not approved cells beside evidence judged under the new one", async () => {
    // U1's cells pass at n=300 with no failure (upper bound 1.26%) under the default 10% bar; a 1%
    // bar makes that evidence inconclusive and sends the approved cells back to review, in one transaction.
    const raiseTheBar = async () => {
      const result = await setUseThreshold(other, reviewer, { modelSlug: slug, useCode: "U1", failureThreshold: 0.01, minSampleSize: 30 });
      expect(result).toMatchObject({ ok: true, reopened: 2 });
    };

    const result = await publishRelease(withChangeBetweenCellsAndEvidence(db, raiseTheBar), approver, { slug });

    // The publish read the card before the change: every U1 cell approved and passing under 10%.
    expect(result.ok ? { published: result.release.version } : result).toEqual({ published: 1 });
    const snapshot = parseSnapshotJson((await db.cardRelease.findFirstOrThrow()).json);
    const applicableU1 = snapshot.card.cells.filter((cell) => cell.use === "U1" && cell.applies === "YES");
    expect({
      cells: applicableU1.map((cell) => `${cell.risk} ${cell.reviewStatus}`),
      evidence: snapshot.evidence.cells.filter((row) => row.use === "U1").map((row) => `${row.risk} ${row.verdict} under ${row.threshold}`),
    }).toEqual({ cells: ["R2 APPROVED", "R4 APPROVED"], evidence: ["R2 PASS under 0.1", "R4 PASS under 0.1"] });
    // And the change was committed meanwhile, not lost.
    expect(await db.cell.count({ where: { use: { code: "U1" }, applies: "YES", reviewStatus: "APPROVED" } })).toBe(0);
  });
});
