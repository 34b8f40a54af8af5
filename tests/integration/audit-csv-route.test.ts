// GET /api/models/{slug}/audit.csv as an auditor's script calls it, with a real session: the CSV
// holds every event the filter matches, or is refused saying to narrow the filter; it is never
// cut short without a word. Refused sign-ins alone are one audit event each, shown in every
// model's log, so a password-spraying burst can pile up tens of thousands in a day.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { GET as auditCsvRoute } from "../../app/api/models/[slug]/audit.csv/route";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import { closeDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { freshDatabase } from "../support/fresh-database";
import { signInAsNewUser } from "../support/route-session";

const setup = { id: null, label: "setup", role: "ADMIN" } as const;
let db: Db;

beforeAll(async () => {
  const fresh = freshDatabase();
  db = fresh.db;
  process.env.DATABASE_URL = fresh.url;
  await importCard(db, setup, parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug).card);
  await signInAsNewUser(db, { email: "aude@audit.test", name: "Aude Auditor", role: "VIEWER", password: "aude-audit-password" });
});

afterAll(() => closeDb());

async function csvOf(query: string): Promise<Response> {
  return auditCsvRoute(new Request(`http://127.0.0.1/api/models/${defaultModelSlug}/audit.csv${query}`), {
    params: Promise.resolve({ slug: defaultModelSlug }),
  });
}

describe("the audit log as CSV", () => {
  test("with more events than one CSV holds, it is refused naming the limit, not cut to the newest", async () => {
    // A day of refused sign-ins, seconds apart, after the card's own events (one statement: Prisma's
    // createMany takes 16 s for these on SQLite).
    await db.$executeRawUnsafe(`
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 49999)
      INSERT INTO AuditEvent (id, at, actorLabel, action, entityType, entityId)
      SELECT 'refused-' || i, strftime('%Y-%m-%dT%H:%M:%S.000+00:00', '2027-03-01', '+' || i || ' seconds'), 'unknown', 'auth.sign-in-refused', 'User', 'unknown' FROM n`);
    const matching = await db.auditEvent.count();
    expect(matching).toBeGreaterThan(50_000);

    const all = await csvOf("");
    expect(all.status).toBe(422);
    expect(await all.json()).toEqual({
      error: "more than 50000 events match: narrow the filter (entity, person, from, to) and download each part",
    });

    const beforeTheBurst = await csvOf("?to=2027-02-28");
    expect(beforeTheBurst.status).toBe(200);
    const rows = (await beforeTheBurst.text()).trim().split("\r\n");
    expect(rows.length - 1).toBe(matching - 50_000);
  });
});
