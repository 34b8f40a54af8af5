// The releases page's publish action, signed in as a real approver: a published release comes back
// to the browser as its version and digest, not as the markdown, JSON, BOM and .eval_results bytes
// the release stores.
import { afterAll, beforeAll, expect, test } from "vitest";

import { publishReleaseAction } from "../../app/models/[slug]/releases/actions";
import { closeDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { signInAsNewUser } from "../support/route-session";
import { markApplicable, readyEveryApplicableCell, seededDatabaseFile, slug } from "./releases-setup";

let db: Db;

beforeAll(async () => {
  let url: string;
  ({ db, url } = await seededDatabaseFile());
  await markApplicable(db, "R1", "U1", { likelihood: 2, severity: 2 });
  await readyEveryApplicableCell(db);
  process.env.DATABASE_URL = url;
  await signInAsNewUser(db, { email: "ada@publish-action.test", password: "ada-publish-action-password", name: "Ada Approver", role: "APPROVER" });
});

afterAll(async () => {
  await closeDb();
  await db.$disconnect();
  delete process.env.DATABASE_URL;
});

test("a published release comes back to the browser as its version and digest only", async () => {
  const result = await publishReleaseAction({ slug });
  if (!result.ok) throw new Error(result.message);
  const stored = await db.cardRelease.findFirstOrThrow({ where: { version: 1 } });
  expect(result).toEqual({ ok: true, release: { version: 1, sha256: stored.sha256 } });
});
