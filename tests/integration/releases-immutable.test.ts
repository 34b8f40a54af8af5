import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { loadRelease } from "../../lib/releases/load-releases";
import { publishRelease } from "../../lib/releases/publish-release";
import { releaseFile } from "../../lib/releases/release-file";
import { addPassingEvidence, approve, approver, markApplicable, readyEveryApplicableCell, seededDatabase, seedInto, slug } from "./releases-setup";
import { dropPostgresDatabase, migratedPostgresDatabase } from "../support/postgres-database";
import { postgresInstalled } from "../support/postgres-installed";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("a published release is immutable", () => {
  test("its markdown, JSON and sha256 stay byte for byte the same after the cells change and a later release is published", async () => {
    const db = await seededDatabase();
    await readyEveryApplicableCell(db);
    const first = await publishRelease(db, approver, { slug });
    if (!first.ok) throw new Error(first.message);
    const published = await loadRelease(db, slug, 1);
    expect(published!.sha256).toBe(sha256(published!.markdown));

    await markApplicable(db, "R7", "U2", { likelihood: 4, severity: 4 });
    await addPassingEvidence(db, "R7", "U2");
    await approve(db, "R7", "U2");
    await db.model.update({ where: { slug }, data: { name: "Stable Beluga 2 (renamed)" } });
    const second = await publishRelease(db, approver, { slug });
    if (!second.ok) throw new Error(second.message);

    const reloaded = await loadRelease(db, slug, 1);
    expect(Buffer.from(reloaded!.markdown)).toEqual(Buffer.from(published!.markdown));
    expect(reloaded!.json).toBe(published!.json);
    expect(reloaded!.sha256).toBe(published!.sha256);
    expect(sha256(reloaded!.markdown)).toBe(published!.sha256);
    expect(second.release.sha256).not.toBe(published!.sha256);
    expect(second.release.markdown).toContain("# Stable Beluga 2 (renamed)");
    expect(second.release.markdown).toContain("R7 is a real risk for U2.");
    expect(reloaded!.markdown).not.toContain("(renamed)");
    expect(reloaded!.markdown).not.toContain("R7 is a real risk for U2.");
  });

  test("a release's markdown download is the stored bytes, not a new rendering of the live card", async () => {
    const db = await seededDatabase();
    await readyEveryApplicableCell(db);
    const result = await publishRelease(db, approver, { slug });
    if (!result.ok) throw new Error(result.message);
    await db.model.update({ where: { slug }, data: { name: "Renamed after publishing" } });

    const file = await releaseFile(db, slug, 1, "md");

    expect(file).toMatchObject({ body: result.release.markdown, filename: `${slug}-card-v1.md` });
    expect(sha256(file!.body)).toBe(result.release.sha256);
  });
});

/** Raw SQL, past every lib/ function: only the database's own triggers stand in the way. */
async function expectTheDatabaseRefusesChangingARelease(db: Db) {
  await readyEveryApplicableCell(db);
  const published = await publishRelease(db, approver, { slug });
  if (!published.ok) throw new Error(published.message);
  const { id } = published.release;

  await expect(db.$executeRaw`UPDATE "CardRelease" SET "markdown" = ${"# Tampered"} WHERE "id" = ${id}`).rejects.toThrow(/CardRelease is immutable/);
  await expect(db.$executeRaw`DELETE FROM "CardRelease" WHERE "id" = ${id}`).rejects.toThrow(/CardRelease is immutable/);
  // The model's ON DELETE CASCADE would delete its releases: the model cannot be deleted either.
  await expect(db.$executeRaw`DELETE FROM "Model" WHERE "slug" = ${slug}`).rejects.toThrow(/CardRelease is immutable/);

  const stored = await loadRelease(db, slug, 1);
  expect(stored).toMatchObject({ id, markdown: published.release.markdown, sha256: published.release.sha256 });
}

describe("the database refuses to change a published release", () => {
  test("on SQLite a raw UPDATE or DELETE of a release, or deleting its model, fails and leaves it as published", async () => {
    await expectTheDatabaseRefusesChangingARelease(await seededDatabase());
  });

  const root = path.resolve(import.meta.dirname, "../..");
  const pgCtlFound = postgresInstalled("releases-immutable");

  describe.skipIf(!pgCtlFound)("on PostgreSQL", () => {
    let serverUrl = "";
    let url = "";
    let db: Db | undefined;

    beforeAll(async () => {
      serverUrl = execFileSync("bash", ["tests/pg/start-postgres.sh", "PG_URL"], { cwd: root, encoding: "utf8" })
        .trim()
        .replace(/^export PG_URL=/, "");
      url = await migratedPostgresDatabase(serverUrl, "releases");
    }, 600_000);
    afterAll(async () => {
      await db?.$disconnect();
      await dropPostgresDatabase(serverUrl, url);
    });

    test("a raw UPDATE or DELETE of a release, or deleting its model, fails and leaves it as published", async () => {
      db = createDb(url);
      await seedInto(db);
      await expectTheDatabaseRefusesChangingARelease(db);
    });
  });
});
