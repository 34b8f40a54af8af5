// Approvers publishing at once, on SQLite and on PostgreSQL (where the publishes really run side by
// side on separate connections): each version is made once, and the same card is published once.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { describeGap } from "../../lib/releases/describe-gap";
import { publishRelease } from "../../lib/releases/publish-release";
import { loadReleaseGaps } from "../../lib/releases/release-gaps";
import { freshDatabase } from "../support/fresh-database";
import { dropPostgresDatabase, migratedPostgresDatabase } from "../support/postgres-database";
import { postgresInstalled } from "../support/postgres-installed";
import { approver, markApplicable, readyEveryApplicableCell, seedInto, slug } from "./releases-setup";

const root = path.resolve(import.meta.dirname, "../..");
let postgresServer = "";

async function postgresDatabase() {
  postgresServer ||= execFileSync("bash", ["tests/pg/start-postgres.sh", "PG_URL"], { cwd: root, encoding: "utf8" })
    .trim()
    .replace(/^export PG_URL=/, "");
  const url = await migratedPostgresDatabase(postgresServer, "concurrent_publish");
  return { db: createDb(url), url };
}

describe.each([
  { name: "SQLite", open: async () => freshDatabase(), skip: false },
  { name: "PostgreSQL", open: postgresDatabase, skip: !postgresInstalled("releases-concurrent-publish") },
])("publishing at once on $name", ({ open, skip }) => {
  let db: Db;
  let url: string;

  beforeEach(async (context) => {
    if (skip) context.skip();
    ({ db, url } = await open());
    await seedInto(db);
    await readyEveryApplicableCell(db);
  });

  afterEach(async () => {
    if (skip) return;
    await db.$disconnect();
    if (url.startsWith("postgres")) await dropPostgresDatabase(postgresServer, url);
  });

  test("the same card published by two approvers at once makes one release; the other is told it is identical", async () => {
    const results = await Promise.all([publishRelease(db, approver, { slug }), publishRelease(db, approver, { slug })]);

    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toEqual({ ok: false, kind: "unchanged", message: "nothing to publish: the card is identical to v1" });
    expect(await db.cardRelease.count()).toBe(1);
  });

  test("two different cards published at once take one version each, one after the other", async () => {
    expect((await publishRelease(db, approver, { slug })).ok).toBe(true);
    await markApplicable(db, "R7", "U2", { likelihood: 2, severity: 4 });
    const gaps = (await loadReleaseGaps(db, slug))!.map(describeGap);

    const results = await Promise.all(
      ["The ad desk reads every reply.", "R7 is tested next week."].map((justification) =>
        publishRelease(db, approver, { slug, acceptance: { gaps, justification } }),
      ),
    );

    expect(results.map((result) => result.ok && result.release.version).sort()).toEqual([2, 3]);
    expect((await db.cardRelease.findMany({ orderBy: { version: "asc" }, select: { version: true } })).map((row) => row.version)).toEqual([1, 2, 3]);
  });

  test("of many different cards published at once, each is published or told another release came first: none fails with the database's error", async () => {
    await markApplicable(db, "R7", "U2", { likelihood: 2, severity: 4 });
    const gaps = (await loadReleaseGaps(db, slug))!.map(describeGap);

    const results = await Promise.allSettled(
      [1, 2, 3, 4, 5, 6].map((approverNumber) =>
        publishRelease(db, approver, { slug, acceptance: { gaps, justification: `Approver ${approverNumber} accepts R7 for the pilot.` } }),
      ),
    );

    expect(results.filter((settled) => settled.status === "rejected").map((settled) => String(settled.reason).split("\n")[0])).toEqual([]);
    const answers = results.map((settled) => (settled as PromiseFulfilledResult<Awaited<ReturnType<typeof publishRelease>>>).value);
    const published = answers.flatMap((answer) => (answer.ok ? [answer.release.version] : []));
    for (const answer of answers.filter((answer) => !answer.ok)) {
      expect(answer).toMatchObject({
        ok: false,
        kind: "conflict",
        message: expect.stringMatching(/^v\d+ was published while you were publishing: look at it, then publish again$/),
      });
    }
    expect(published.sort()).toEqual(published.map((_, index) => index + 1));
    expect(await db.cardRelease.count()).toBe(published.length);
  });
});
