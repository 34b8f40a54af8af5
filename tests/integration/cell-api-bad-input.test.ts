// PATCH /api/models/{slug}/cells/{risk}/{use} as a script would call it, signed in with a real
// session: each bad body is answered 4xx naming what is wrong, and the database is left as it was.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { PATCH } from "../../app/api/models/[slug]/cells/[risk]/[use]/route";
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
  await signInAsNewUser(db, { email: "rita@api.test", name: "Rita Reviewer", role: "REVIEWER", password: "rita-api-password" });
});

afterAll(() => closeDb());

/** Every cell with its mitigation statuses, and the audit log's length. */
async function cellsAndAudit(): Promise<string> {
  return JSON.stringify([await db.cell.findMany({ orderBy: { id: "asc" }, include: { mitigations: true } }), await db.auditEvent.count()]);
}

/** The answer's status and what it says: a route's own refusal is `error`, a command's `message`. */
async function patch(risk: string, use: string, body: string | Uint8Array<ArrayBuffer>): Promise<{ status: number; says: string }> {
  const response = await PATCH(
    new Request(`http://127.0.0.1/api/models/${defaultModelSlug}/cells/${risk}/${use}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body,
    }),
    { params: Promise.resolve({ slug: defaultModelSlug, risk, use }) },
  );
  const answer = await response.json();
  return { status: response.status, says: answer.error ?? answer.message };
}

describe("a cell edit through the API with bad input", () => {
  test.each([
    [
      "an extra field beside expectedVersion and changes",
      "R1",
      "U1",
      { expectedVersion: 1, changes: { likelihood: 2 }, owner: "me" },
      400,
      'Unrecognized key: "owner"',
    ],
    ["an array for a body", "R1", "U1", [], 400, "expected object, received array"],
    ["a version sent as a string", "R1", "U1", { expectedVersion: "1", changes: { likelihood: 2 } }, 400, "expectedVersion"],
    ["a likelihood sent as a string", "R1", "U1", { expectedVersion: 1, changes: { likelihood: "3" } }, 400, "changes.likelihood"],
    ["an unknown field among the changes", "R1", "U1", { expectedVersion: 1, changes: { level: "HIGH" } }, 400, "level"],
    [
      "a due date sent as true",
      "R1",
      "U1",
      { expectedVersion: 1, changes: { dueDate: true } },
      400,
      "changes.dueDate: the due date is a date such as 2027-01-31",
    ],
    [
      "a status for a mitigation the risk does not list",
      "R1",
      "U1",
      { expectedVersion: 1, changes: { mitigationStatus: { "No such text": "PLANNED" } } },
      400,
      "no mitigation with id No such text is listed under risk R1",
    ],
    [
      "a rationale over 10,000 characters",
      "R1",
      "U1",
      { expectedVersion: 1, changes: { rationale: "x".repeat(10_001) } },
      400,
      "rationale is limited to 10,000 characters",
    ],
    [
      "a review status that is not one of the statuses",
      "R1",
      "U1",
      { expectedVersion: 1, changes: { reviewStatus: "DONE" } },
      400,
      'changes.reviewStatus: the review status is "DRAFT", "IN_REVIEW", "APPROVED" or "ACCEPTED"',
    ],
    [
      "a mitigation's status that is not one of the statuses",
      "R1",
      "U1",
      { expectedVersion: 1, changes: { mitigationStatus: { m1: "FINISHED" } } },
      400,
      'changes.mitigationStatus.m1: a mitigation\'s status is "NOT_STARTED", "PLANNED", "IN_PROGRESS", "IMPLEMENTED" or "NOT_APPLICABLE"',
    ],
    ["an empty owner id", "R1", "U1", { expectedVersion: 1, changes: { ownerId: "" } }, 400, "ownerId: the owner must be an active person"],
    ["an unknown risk code", "R99", "U1", { expectedVersion: 1, changes: { likelihood: 2 } }, 404, "R99"],
    ["an unknown use code", "R1", "U9", { expectedVersion: 1, changes: { likelihood: 2 } }, 404, "U9"],
    ["a body that is not JSON", "R1", "U1", "{likelihood: 2", 400, "not valid JSON"],
    [
      "a body in Latin-1, not UTF-8 (as Windows PowerShell 5 sends a string)",
      "R1",
      "U1",
      new Uint8Array(Buffer.from('{"expectedVersion": 1, "changes": {"rationale": "caf\u00e9"}}', "latin1")),
      400,
      "the body is not valid UTF-8",
    ],
    ["a body over 1 MB", "R1", "U1", { expectedVersion: 1, changes: { rationale: "y".repeat(1_100_000) } }, 413, "larger than 1048576 bytes"],
  ])("%s is refused with a message naming what is wrong, and changes nothing", async (_name, risk, use, body, status, fragment) => {
    const before = await cellsAndAudit();
    const answer = await patch(risk, use, typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body));
    expect(answer.status).toBe(status);
    expect(answer.says).toContain(fragment);
    expect(await cellsAndAudit()).toBe(before);
  });
});
