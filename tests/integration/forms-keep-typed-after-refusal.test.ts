// Forms after a refused save: React resets a form's fields once its action ends, refusal or not,
// so a field without a value to go back to was emptied (or put back to what was stored) and what
// the person typed was gone. A refusal now carries what was typed, which the form resets to.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

vi.mock("next/headers", async () => (await import("../support/route-session")).nextHeadersStandIn);
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

import { saveMappingAction } from "../../app/mappings/actions";
import { signDeployDecisionAction } from "../../app/models/[slug]/uses/actions";
import { defaultModelSlug } from "../../lib/content/paths";
import { closeDb } from "../../lib/db/client";
import { mappingsDir } from "../../lib/imports/risk-mapping";
import { sha256OfText } from "../../lib/imports/save-mapping";
import { signInAsNewUser } from "../support/route-session";
import { campaignDatabase } from "./campaign-fixture";

beforeAll(async () => {
  process.env.BETTER_AUTH_SECRET = randomBytes(32).toString("base64url");
  const { db, url } = await campaignDatabase();
  process.env.DATABASE_URL = url;
  await signInAsNewUser(db, { email: "ada@forms.test", password: "ada-forms-password", name: "Ada Approver", role: "APPROVER" });
  await db.$disconnect();
});

afterAll(async () => {
  await closeDb();
  delete process.env.BETTER_AUTH_SECRET;
  delete process.env.DATABASE_URL;
});

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

describe("a refused save of the mapping", () => {
  test("answers with the text as typed, for the editor to show again, and writes nothing", async () => {
    const stored = readFileSync(path.join(mappingsDir(), "default.yaml"), "utf8");
    const typed = `${stored.replace("    test.*: []", "    test.*: [R5]")}\ngarak: [not: a mapping\n`;
    const result = await saveMappingAction(null, form({ file: "default.yaml", text: typed, baseSha256: sha256OfText(stored) }));
    expect(result).toMatchObject({ ok: false, typed });
    expect(readFileSync(path.join(mappingsDir(), "default.yaml"), "utf8")).toBe(stored);
  });
});

describe("a refused signing of a use's deploy decision", () => {
  test("answers with the outcome, the conditions, the expiry and the note as typed, for the form to show again", async () => {
    const typed = {
      outcome: "DO_NOT_DEPLOY",
      conditions: `Only for internal pilots\n${"x".repeat(501)}`,
      expiresAt: "2099-01-31",
      note: "Not before the cells are assessed.",
    };
    const result = await signDeployDecisionAction(
      { ok: false, message: null },
      form({ modelSlug: defaultModelSlug, useCode: "U2", basis: "as shown", ...typed }),
    );
    expect(result).toMatchObject({ ok: false, typed });
  });
});
