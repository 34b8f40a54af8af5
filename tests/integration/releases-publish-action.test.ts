// The releases page's publish action, signed in as a real approver: a published release comes back
// to the browser as its version and digest, not as the markdown, JSON, BOM and .eval_results bytes
// the release stores.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, test, vi } from "vitest";

vi.mock("next/headers", async () => (await import("../support/route-session")).nextHeadersStandIn);
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

import { publishReleaseAction } from "../../app/models/[slug]/releases/actions";
import { closeDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { signInAsNewUser } from "../support/route-session";
import { markApplicable, readyEveryApplicableCell, seededDatabaseFile, slug } from "./releases-setup";

let db: Db;

beforeAll(async () => {
  process.env.BETTER_AUTH_SECRET = randomBytes(32).toString("base64url");
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
  delete process.env.BETTER_AUTH_SECRET;
  delete process.env.DATABASE_URL;
});

test("a published release comes back to the browser as its version and digest only", async () => {
  const result = await publishReleaseAction({ slug });
  if (!result.ok) throw new Error(result.message);
  const stored = await db.cardRelease.findFirstOrThrow({ where: { version: 1 } });
  expect(result).toEqual({ ok: true, release: { version: 1, sha256: stored.sha256 } });
});
