// Forms after a refused save: React resets a form's fields once its action ends, refusal or not,
// so a field without a value to go back to was emptied (or put back to what was stored) and what
// the person typed was gone. A refusal now carries what was typed, which the form resets to.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { updateCampaignLimitsAction } from "../../app/admin/campaign-limits/actions";
import { createServingTargetAction } from "../../app/admin/serving-targets/actions";
import { createUserAction } from "../../app/admin/users/actions";
import { updateJudgeCountingFloorAction } from "../../app/detectors/actions";
import { saveMappingAction } from "../../app/mappings/actions";
import { createModelAction } from "../../app/models/new/actions";
import { setScaleTextsAction } from "../../app/models/[slug]/settings/actions";
import { startCampaignAction, overrideVerdictAction } from "../../app/models/[slug]/campaigns/actions";
import { overrideImportedResultAction } from "../../app/models/[slug]/imports/actions";
import { addRiskAction, retireRiskAction, updateRiskAction, addRiskMitigationAction } from "../../app/models/[slug]/risks/actions";
import { addUseAction, retireUseAction, setUseThresholdAction, signDeployDecisionAction, updateUseAction } from "../../app/models/[slug]/uses/actions";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import { closeDb } from "../../lib/db/client";
import { mappingsDir } from "../../lib/imports/risk-mapping";
import { sha256OfText } from "../../lib/imports/save-mapping";
import { signInAs, signInAsNewUser } from "../support/route-session";
import { campaignDatabase } from "./campaign-fixture";

beforeAll(async () => {
  const { db, url } = await campaignDatabase();
  process.env.DATABASE_URL = url;
  await signInAsNewUser(db, { email: "alan@forms.test", password: "alan-forms-password", name: "Alan Admin", role: "ADMIN" });
  await signInAsNewUser(db, { email: "ada@forms.test", password: "ada-forms-password", name: "Ada Approver", role: "APPROVER" });
  await db.$disconnect();
});

afterAll(async () => {
  await closeDb();
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
    expect(result).toMatchObject({ ok: false, typed: { text: [typed] } });
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
    expect(result).toMatchObject({ ok: false, typed: Object.fromEntries(Object.entries(typed).map(([name, value]) => [name, [value]])) });
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

  test("names the repeats and their limit in a reviewer's words, not zod's", async () => {
    const result = await startCampaignAction(null, form({ modelSlug: defaultModelSlug, repeats: "100000" }));
    expect(result).toMatchObject({ ok: false, kind: "invalid", issues: [{ path: "repeats", message: "repeats must be at most 1,000" }] });
  });
});

describe("a refused save of a use's bar", () => {
  test("answers with the threshold and the sample as typed", async () => {
    const result = await setUseThresholdAction(shaping, form({ modelSlug: defaultModelSlug, useCode: "U1", failureThreshold: "250", minSampleSize: "40" }));
    expect(result).toMatchObject({ ok: false, typed: { failureThreshold: ["250"], minSampleSize: ["40"] } });
  });
});

describe("a refused creation of a model", () => {
  test("answers with the name and the slug as typed", async () => {
    const result = await createModelAction(shaping, form({ from: "blank", name: "Beluga, the next one", slug: "Not A Slug" }));
    expect(result).toMatchObject({ ok: false, typed: { name: ["Beluga, the next one"], slug: ["Not A Slug"] } });
  });

  test("from a card, a refused confirmation keeps the preview the reviewer was looking at and the card it was made of", async () => {
    const markdown = readFileSync(cardSourcePath(defaultModelSlug), "utf8");
    const upload = form({ from: "card", slug: "beluga-from-card", compareWith: defaultModelSlug });
    upload.set("card", new File([markdown], "card.md", { type: "text/markdown" }));
    const previewed = await createModelAction(shaping, upload);
    expect(previewed).toMatchObject({ ok: true, preview: { counts: { risks: 14 } } });

    // The file field is empty now (a form action resets it); the card goes back in the preview's hidden field.
    const confirm = form({ from: "card", slug: "Not A Slug", compareWith: defaultModelSlug, markdown: previewed.markdown ?? "", confirm: "yes" });
    const refused = await createModelAction(previewed, confirm);
    expect(refused).toMatchObject({ ok: false, typed: { slug: ["Not A Slug"] } });
    expect(refused.preview).toEqual(previewed.preview);
    expect(refused.markdown).toBe(markdown);

    confirm.set("slug", "beluga-from-card");
    expect(await createModelAction(refused, confirm)).toMatchObject({ ok: true, slug: "beluga-from-card" });
  });

  test("from a card, a file that is not UTF-8 is refused with the slug as typed", async () => {
    const upload = form({ from: "card", slug: "beluga-latin1", compareWith: "" });
    upload.set("card", new File([Buffer.from("# Caf\xe9 card", "latin1")], "card.md"));
    const refused = await createModelAction(shaping, upload);
    expect(refused).toMatchObject({ ok: false, typed: { slug: ["beluga-latin1"] } });
  });
});

describe("a refused save of an admin's form", () => {
  beforeAll(async () => {
    await signInAs("alan@forms.test", "alan-forms-password");
  });
  afterAll(async () => {
    await signInAs("ada@forms.test", "ada-forms-password");
  });

  test("the scale wording answers with every step's wording as typed", async () => {
    const steps = Object.fromEntries(
      [1, 2, 3, 4, 5].flatMap((step) => [
        [`likelihood.${step}`, `rare ${step}`],
        [`severity.${step}`, `minor ${step}`],
      ]),
    );
    const result = await setScaleTextsAction(shaping, form({ slug: defaultModelSlug, ...steps, "severity.5": "x".repeat(301) }));
    expect(result).toMatchObject({ ok: false, typed: { "likelihood.1": ["rare 1"], "severity.5": ["x".repeat(301)] } });
  });

  test("a serving target answers with its fields as typed", async () => {
    const typed = { name: "beluga-vllm", baseUrl: "not a url", model: "stabilityai/StableBeluga2", declaredRevision: "abc123", promptPricePerMillion: "0.5" };
    const result = await createServingTargetAction(shaping, form(typed));
    expect(result).toMatchObject({ ok: false, typed: { name: [typed.name], baseUrl: [typed.baseUrl], promptPricePerMillion: ["0.5"] } });
  });

  test("a new person answers with the name, the email and the role as typed", async () => {
    const result = await createUserAction(shaping, form({ name: "Grace Reviewer", email: "ada@forms.test", role: "REVIEWER" }));
    expect(result).toMatchObject({ ok: false, typed: { name: ["Grace Reviewer"], email: ["ada@forms.test"], role: ["REVIEWER"] } });
  });

  test("the campaign limits answer with every limit as typed", async () => {
    const result = await updateCampaignLimitsAction(
      null,
      form({ maxCasesPerSuite: "500", maxRepeats: "0", maxRunsPerCampaign: "20000", maxQueuedRunsPerPerson: "100000" }),
    );
    expect(result).toMatchObject({ ok: false, typed: { maxCasesPerSuite: ["500"], maxRepeats: ["0"] } });
  });

  test("the judges' counting floor answers with the labels and the floor as typed", async () => {
    const result = await updateJudgeCountingFloorAction(null, form({ minLabels: "50", floor: "1.5" }));
    expect(result).toMatchObject({ ok: false, typed: { minLabels: ["50"], floor: ["1.5"] } });
  });
});
