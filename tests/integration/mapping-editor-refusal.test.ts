// The mapping editor after a refused save: React resets a form's fields once its action ends,
// refusal or not, so the textarea went back to the stored mapping and a reviewer's edits (all of
// them, for one YAML mistake) were gone. The refusal now carries the text as typed, which the
// editor shows again.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

vi.mock("next/headers", async () => (await import("../support/route-session")).nextHeadersStandIn);
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

import { saveMappingAction } from "../../app/mappings/actions";
import { closeDb } from "../../lib/db/client";
import { mappingsDir } from "../../lib/imports/risk-mapping";
import { sha256OfText } from "../../lib/imports/save-mapping";
import { signInAsNewUser } from "../support/route-session";
import { campaignDatabase } from "./campaign-fixture";

beforeAll(async () => {
  process.env.BETTER_AUTH_SECRET = randomBytes(32).toString("base64url");
  const { db, url } = await campaignDatabase();
  process.env.DATABASE_URL = url;
  await signInAsNewUser(db, { email: "rita@mapping.test", password: "rita-mapping-password", name: "Rita Reviewer", role: "REVIEWER" });
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
