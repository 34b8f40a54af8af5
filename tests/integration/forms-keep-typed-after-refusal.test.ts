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
import { startCampaignAction, overrideVerdictAction } from "../../app/models/[slug]/campaigns/actions";
import { overrideImportedResultAction } from "../../app/models/[slug]/imports/actions";
import { addRiskAction, retireRiskAction, updateRiskAction, addRiskMitigationAction } from "../../app/models/[slug]/risks/actions";
import { addUseAction, retireUseAction, signDeployDecisionAction, updateUseAction } from "../../app/models/[slug]/uses/actions";
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

const shaping = { ok: false, message: null };
const tooLong = "x".repeat(2001);

describe("a refused change to the risks or the uses", () => {
  test("adding a risk answers with the title, the type and the harm area as typed", async () => {
    const typed = { title: `Leaks the system prompt ${"x".repeat(500)}`, riskType: "CAPABILITY", harmArea: "INFORMATION_AND_SAFETY" };
    const result = await addRiskAction(shaping, form({ modelSlug: defaultModelSlug, ...typed }));
    expect(result).toMatchObject({ ok: false, typed: { title: [typed.title], riskType: [typed.riskType], harmArea: [typed.harmArea] } });
  });

  test("editing a risk on a stale page answers with the edit as typed", async () => {
    const title = "Gives unsafe medical advice, reworded";
    const result = await updateRiskAction(
      shaping,
      form({ modelSlug: defaultModelSlug, code: "R1", expectedVersion: "99", title, riskType: "CAPABILITY", harmArea: "INFORMATION_AND_SAFETY" }),
    );
    expect(result).toMatchObject({ ok: false, kind: "conflict", typed: { title: [title] } });
  });

  test("retiring a risk answers with the reason as typed", async () => {
    const result = await retireRiskAction(shaping, form({ modelSlug: defaultModelSlug, code: "R1", expectedVersion: "1", reason: tooLong }));
    expect(result).toMatchObject({ ok: false, typed: { reason: [tooLong] } });
  });

  test("adding a new mitigation answers with its text as typed", async () => {
    const text = "x".repeat(2001);
    const result = await addRiskMitigationAction(shaping, form({ modelSlug: defaultModelSlug, code: "R1", expectedVersion: "99", text }));
    expect(result).toMatchObject({ ok: false, typed: { text: [text] } });
  });

  test("adding a use answers with its facts as typed", async () => {
    const typed = { purpose: "Drafts replies to patients", capability: "x".repeat(501), aiUser: "Clinic staff", aiSubject: "Patients", domain: "Health" };
    const result = await addUseAction(shaping, form({ modelSlug: defaultModelSlug, ...typed }));
    expect(result).toMatchObject({ ok: false, typed: { purpose: [typed.purpose], capability: [typed.capability], domain: [typed.domain] } });
  });

  test("editing a use on a stale page answers with the edit as typed", async () => {
    const purpose = "Summarises support tickets, reworded";
    const result = await updateUseAction(shaping, form({ modelSlug: defaultModelSlug, code: "U1", expectedVersion: "99", purpose }));
    expect(result).toMatchObject({ ok: false, kind: "conflict", typed: { purpose: [purpose] } });
  });

  test("retiring a use answers with the reason as typed", async () => {
    const result = await retireUseAction(shaping, form({ modelSlug: defaultModelSlug, code: "U1", expectedVersion: "1", reason: tooLong }));
    expect(result).toMatchObject({ ok: false, typed: { reason: [tooLong] } });
  });
});

describe("a refused override of a verdict", () => {
  test("of a campaign's case run answers with the verdict and the reason as typed", async () => {
    const result = await overrideVerdictAction(null, form({ caseRunId: "no-such-run", verdict: "FAIL", reason: tooLong }));
    expect(result).toMatchObject({ ok: false, typed: { verdict: ["FAIL"], reason: [tooLong] } });
  });

  test("of an imported result answers with the verdict and the reason as typed", async () => {
    const result = await overrideImportedResultAction(null, form({ resultId: "no-such-result", verdict: "PASS", reason: tooLong }));
    expect(result).toMatchObject({ ok: false, typed: { verdict: ["PASS"], reason: [tooLong] } });
  });
});

describe("a refused start of a campaign", () => {
  test("answers with every field as typed, each ticked use and risk included", async () => {
    const data = form({ modelSlug: defaultModelSlug, repeats: "100000", seed: "7", temperature: "0.7", name: "Night run", verdictRule: "majority" });
    data.append("uses", "U1");
    data.append("uses", "U4");
    data.append("risks", "R2");
    const result = await startCampaignAction(null, data);
    expect(result).toMatchObject({
      ok: false,
      typed: { uses: ["U1", "U4"], risks: ["R2"], repeats: ["100000"], temperature: ["0.7"], name: ["Night run"], verdictRule: ["majority"] },
    });
  });
});
