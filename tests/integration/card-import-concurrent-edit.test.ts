// An admin applies a card (`riskledger card import --apply`) while a reviewer saves an edit of a
// cell the card changes. The web editor writes a cell only at the version it read; the import must
// too, or the reviewer's edit, made after the import read the cell, is overwritten without anyone
// having seen it. The edit lands here at the import's first write, after it has read and compared.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { CARD_CELL_AUDIT } from "../../lib/card/card-cell-audit";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import { updateCell } from "../../lib/cells/update-cell";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { freshDatabase } from "../support/fresh-database";
import { dropPostgresDatabase, migratedPostgresDatabase } from "../support/postgres-database";
import { postgresInstalled } from "../support/postgres-installed";

const importer: Actor = { id: null, label: "test importer", role: "ADMIN" };
const reviewer: Actor = { id: null, label: "Rita Reviewer", role: "REVIEWER" };
const seed = () => parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug).card;
const R4_U2 = { risk: { code: "R4" }, use: { code: "U2" } };

/** `db`, where the reviewer's edit of R4×U2 is saved through `reviewersDb` just before the import's first write. */
function withEditDuringImport(db: Db, reviewersDb: Db): Db {
  let edited = false;
  return db.$extends({
    query: {
      model: {
        async upsert({ args, query }) {
          if (!edited) {
            edited = true;
            const read = await reviewersDb.cell.findFirstOrThrow({ where: R4_U2 });
            const saved = await updateCell(reviewersDb, reviewer, {
              ref: { modelSlug: defaultModelSlug, risk: "R4", use: "U2" },
              expectedVersion: read.version,
              changes: { rationale: "The reviewer's edit, saved while the card was being applied." },
            });
            if (!saved.ok) throw new Error(saved.message);
          }
          return query(args);
        },
      },
    },
  }) as unknown as Db;
}

async function expectTheImportRefusesAndKeepsTheEdit(url: string) {
  const db = createDb(url);
  const reviewersDb = createDb(url);
  try {
    expect(await importCard(db, importer, seed())).toMatchObject({ ok: true, outcome: "created" });
    const card = seed();
    card.cells = card.cells.map((cell) => (cell.risk === "R4" && cell.use === "U2" ? { ...cell, rationale: "Changed in the source." } : cell));
    const cellsBefore = await db.cell.findMany({ orderBy: { id: "asc" } });

    const outcome = await importCard(withEditDuringImport(db, reviewersDb), importer, card, { apply: true });

    expect(outcome).toEqual({
      ok: false,
      kind: "conflict",
      message:
        "R4×U2 was changed by Rita Reviewer (now version 2) while the card was being applied: nothing was imported; run the import again to see the differences",
    });
    const edited = await db.cell.findFirstOrThrow({ where: R4_U2 });
    expect(edited).toMatchObject({ rationale: "The reviewer's edit, saved while the card was being applied.", version: 2 });
    // Nothing else of the import either: every other cell as it was, and no card.reimport audited.
    expect((await db.cell.findMany({ orderBy: { id: "asc" } })).filter((cell) => cell.id !== edited.id)).toEqual(
      cellsBefore.filter((cell) => cell.id !== edited.id),
    );
    expect(await db.auditEvent.count({ where: { action: { in: ["card.reimport", CARD_CELL_AUDIT] } } })).toBe(0);
  } finally {
    await db.$disconnect();
    await reviewersDb.$disconnect();
  }
}

describe("a card applied while a reviewer saves a cell it changes", () => {
  test("on SQLite: the import refuses, naming the cell, writes nothing, and the reviewer's edit stays", async () => {
    await expectTheImportRefusesAndKeepsTheEdit(freshDatabase().url);
  });

  const root = path.resolve(import.meta.dirname, "../..");
  describe.skipIf(!postgresInstalled("card-import-concurrent-edit"))("on PostgreSQL", () => {
    let serverUrl = "";
    let url = "";
    beforeAll(async () => {
      serverUrl = execFileSync("bash", ["tests/pg/start-postgres.sh", "PG_URL"], { cwd: root, encoding: "utf8" })
        .trim()
        .replace(/^export PG_URL=/, "");
      url = await migratedPostgresDatabase(serverUrl, "card_import_race");
    }, 600_000);
    afterAll(async () => {
      await dropPostgresDatabase(serverUrl, url);
    });

    test("the import refuses, naming the cell, writes nothing, and the reviewer's edit stays", async () => {
      await expectTheImportRefusesAndKeepsTheEdit(url);
    });
  });
});
