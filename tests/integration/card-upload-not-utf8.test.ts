// A card uploaded on the new-model form is read from its bytes as the CLI reads a card file: a file
// saved in another encoding is refused at the line of its first byte that is not UTF-8, rather than
// previewed and created with U+FFFD in that byte's place.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

vi.mock("next/headers", async () => (await import("../support/route-session")).nextHeadersStandIn);
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

import { createModelAction } from "../../app/models/new/actions";
import { closeDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { cardSource } from "../fixtures/card/seed";
import { signInAsNewUser } from "../support/route-session";
import { campaignDatabase } from "./campaign-fixture";

let db: Db;

beforeAll(async () => {
  process.env.BETTER_AUTH_SECRET = randomBytes(32).toString("base64url");
  const fresh = await campaignDatabase();
  db = fresh.db;
  process.env.DATABASE_URL = fresh.url;
  await signInAsNewUser(db, { email: "ada@upload.test", password: "ada-upload-password", name: "Ada Approver", role: "APPROVER" });
});

afterAll(async () => {
  await db.$disconnect();
  await closeDb();
  delete process.env.BETTER_AUTH_SECRET;
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
