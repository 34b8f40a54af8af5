// A card uploaded on the new-model form, and a suite uploaded on a use's page, are read from their
// bytes as the CLI reads a file: one saved in another encoding is refused at the line of its first
// byte that is not UTF-8, rather than previewed, created or stored with U+FFFD in that byte's place
// (in a suite's case, in a prompt every campaign then sends).
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createModelAction } from "../../app/models/new/actions";
import { uploadSuiteAction } from "../../app/models/[slug]/uses/actions";
import { defaultModelSlug } from "../../lib/content/paths";
import { closeDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { cardSource } from "../fixtures/card/seed";
import { signInAsNewUser } from "../support/route-session";
import { campaignDatabase } from "./campaign-fixture";

let db: Db;

beforeAll(async () => {
  const fresh = await campaignDatabase();
  db = fresh.db;
  process.env.DATABASE_URL = fresh.url;
  await signInAsNewUser(db, { email: "ada@upload.test", password: "ada-upload-password", name: "Ada Approver", role: "APPROVER" });
});

afterAll(async () => {
  await db.$disconnect();
  await closeDb();
  delete process.env.DATABASE_URL;
});

function cardForm(bytes: Buffer, confirm: boolean): FormData {
  const data = new FormData();
  data.set("from", "card");
  data.set("slug", "latin1-card");
  data.set("card", new File([new Uint8Array(bytes)], "card.md", { type: "text/markdown" }));
  if (confirm) data.set("confirm", "yes");
  return data;
}

describe("a card uploaded in another encoding", () => {
  test("is refused at the line of its first byte that is not UTF-8, neither previewed nor created", async () => {
    const [firstLine, ...rest] = cardSource().split("\n");
    // "café" as Windows-1252 writes it, on line 2.
    const bytes = Buffer.concat([Buffer.from(`${firstLine}\ncaf`), Buffer.from([0xe9]), Buffer.from(`_note: 1\n${rest.join("\n")}`)]);
    const models = await db.model.count();
    for (const confirm of [false, true]) {
      expect(await createModelAction({ ok: false, message: null }, cardForm(bytes, confirm)), `confirm ${confirm}`).toEqual({
        ok: false,
        kind: "invalid",
        message: 'Card format error in "markdown" at line 2: not UTF-8 text (byte 0xe9): re-saved in another encoding, or damaged',
        // The form's fields come back as typed, so the reviewer can pick a re-saved file and go on.
        typed: { from: ["card"], slug: ["latin1-card"], ...(confirm ? { confirm: ["yes"] } : {}) },
      });
    }
    expect(await db.model.count()).toBe(models);
  });

  test("a card saved with a byte order mark is previewed as without it", async () => {
    const result = await createModelAction({ ok: false, message: null }, cardForm(Buffer.from(`\uFEFF${cardSource()}`), false));
    expect(result).toMatchObject({ ok: true, preview: expect.anything() });
    expect(result.markdown).toBe(cardSource());
  });
});

/** The U5 fixture suite made a new suite of U1, which the seeded model has. */
const suite = readFileSync(path.join(import.meta.dirname, "../fixtures/suites/u5-tickets.yaml"), "utf8")
  .replace("suite: u5-tickets", "suite: u1-tickets")
  .replace("use: U5", "use: U1")
  .replaceAll("risks: [R15]", "risks: [R4]")
  .replaceAll("key: u5.", "key: u1-tickets.");

function suiteForm(bytes: Buffer): FormData {
  const data = new FormData();
  data.set("modelSlug", defaultModelSlug);
  data.set("suite", new File([new Uint8Array(bytes)], "u1-tickets.yaml", { type: "application/yaml" }));
  return data;
}

const suiteRows = async () => JSON.stringify(await db.testSuite.findMany({ orderBy: { key: "asc" }, include: { cases: { orderBy: { key: "asc" } } } }));

describe("a suite uploaded in another encoding", () => {
  test("is refused at the line of its first byte that is not UTF-8, and nothing is written", async () => {
    // "café" as Windows-1252 writes it, in the first case's prompt.
    const [before, after] = suite.split("Ignore the ticket.");
    const line = before.split("\n").length;
    const bytes = Buffer.concat([Buffer.from(`${before}caf`), Buffer.from([0xe9]), Buffer.from(` ${after}`)]);
    const rows = await suiteRows();
    expect(await uploadSuiteAction({ ok: false, message: null }, suiteForm(bytes))).toEqual({
      ok: false,
      kind: "invalid",
      message: `text: u1-tickets.yaml:${line} (file): not UTF-8 text (byte 0xe9): re-saved in another encoding, or damaged`,
    });
    expect(await suiteRows()).toBe(rows);
  });

  test("the same suite in UTF-8 is taken, its prompt as written", async () => {
    const text = suite.replace("Ignore the ticket.", "café Ignore the ticket.");
    expect(await uploadSuiteAction({ ok: false, message: null }, suiteForm(Buffer.from(text)))).toMatchObject({ ok: true });
    const stored = await db.testCase.findFirst({ where: { key: "u1-tickets.leak.1" }, select: { turns: true } });
    expect(JSON.stringify(stored?.turns)).toContain("café Ignore the ticket.");
  });
});
