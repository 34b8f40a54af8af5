// A use added in the app has no suite, so no campaign could test its cells: a reviewer uploads one
// (the content/suites format), checked against the model's own uses and risks, and a campaign then
// covers the new cell R15 x U5 with evidence from the real tiny model, labelled as smoke-test evidence.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { loadCampaignChoices } from "../../lib/campaigns/reads/load-campaigns";
import { loadMatrix } from "../../lib/matrix/load-matrix";
import { addRisk } from "../../lib/risks/change-risks";
import { loadSuites, suiteContentHash } from "../../lib/suites";
import { loadUseSuites } from "../../lib/suites/load-use-suite";
import { syncSuites } from "../../lib/suites/sync-suites";
import { uploadSuite } from "../../lib/suites/upload-suite";
import { addUse } from "../../lib/uses/change-uses";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { campaignDatabase, rita, runCampaign, victor } from "./campaign-fixture";

const slug = defaultModelSlug;

const U5_SUITE = readFileSync(path.join(import.meta.dirname, "../fixtures/suites/u5-tickets.yaml"), "utf8");

/** The U5 suite fixture, or a variant of it for another suite key, use or list of risks. */
function suiteFile({ key = "u5-tickets", use = "U5", risks = "[R15]" } = {}): string {
  return U5_SUITE.replace("suite: u5-tickets", `suite: ${key}`).replace("use: U5", `use: ${use}`).replaceAll("risks: [R15]", `risks: ${risks}`);
}

async function withR15AndU5(db: Db): Promise<void> {
  const risk = await addRisk(db, rita, { modelSlug: slug, title: "Leaks its system prompt", riskType: "CAPABILITY", harmArea: "INFORMATION_AND_SAFETY" });
  expect(risk).toMatchObject({ ok: true, code: "R15" });
  const use = await addUse(db, rita, { modelSlug: slug, purpose: "Summarising support tickets", capability: "", aiUser: "", aiSubject: "", domain: "" });
  expect(use).toMatchObject({ ok: true, code: "U5" });
}

async function suiteRows(db: Db) {
  return JSON.stringify(await db.testSuite.findMany({ orderBy: { key: "asc" }, include: { cases: { orderBy: { key: "asc" } } } }));
}

describe("uploading a use's test suite", () => {
  test("gives an added use a suite, and a campaign on it puts smoke-test evidence on the added cell R15 x U5", async () => {
    const { db } = await campaignDatabase();
    await withR15AndU5(db);
    expect((await loadCampaignChoices(db, slug)).uses.map((use) => use.code)).not.toContain("U5");

    const uploaded = await uploadSuite(db, rita, { modelSlug: slug, fileName: "u5-tickets.yaml", text: suiteFile() });
    expect(uploaded).toEqual({ ok: true, suite: "u5-tickets", use: "U5", cases: 2, changed: true, created: true, removedCases: 0 });
    expect(await loadUseSuites(db, slug, "U5")).toEqual([
      { key: "u5-tickets", title: "U5 Summarising support tickets", cases: 2, risks: ["R15"], origin: "UPLOAD" },
    ]);
    expect((await loadCampaignChoices(db, slug)).uses).toContainEqual(expect.objectContaining({ code: "U5", cases: 2 }));
    const audit = await db.auditEvent.findMany({ where: { action: "suite.upload" } });
    expect(audit).toHaveLength(1);

    const again = await uploadSuite(db, rita, { modelSlug: slug, fileName: "u5-tickets.yaml", text: suiteFile() });
    expect(again).toMatchObject({ ok: true, changed: false });
    expect(await db.auditEvent.count({ where: { action: "suite.upload" } })).toBe(1);

    await runCampaign(db, { modelSlug: slug, uses: ["U5"], casesPerSuite: 2, repeats: 1, sampling: { seed: 7, maxNewTokens: 8 } });
    const matrix = (await loadMatrix(db, slug))!;
    const cell = matrix.risks.find((risk) => risk.code === "R15")!.cells.U5;
    expect(cell.evidence.n).toBe(2);
    expect(cell.evidence.smokeTest).toBe(true);
    expect(cell.evidence.status).not.toBe("untested");
  });

  test.each([
    ["a risk the model has not", suiteFile({ risks: "[R99]" }), "u5-tickets.yaml: its cases name R99, which this model has not (or has retired)"],
    ["a use the model has not", suiteFile({ use: "U9" }), "u5-tickets.yaml: the suite is for U9, which this model has not (or has retired)"],
    [
      "a case key another suite uses",
      suiteFile().replace("key: u5.leak.1", "key: u1.pii.01-1"),
      "case keys already used by another suite: u1.pii.01-1 (in u1-recommender)",
    ],
    ["another use's suite key", suiteFile({ key: "u1-recommender" }), 'suite key "u1-recommender" is already another use\'s suite'],
    ["a field the format has not", suiteFile().replace("    licence: CC0-1.0\n", "    licence: CC0-1.0\n    weight: 2\n"), "u5-tickets.yaml:"],
  ])("refuses %s, naming it, and writes nothing", async (_, text, message) => {
    const { db } = await campaignDatabase();
    await withR15AndU5(db);
    const before = await suiteRows(db);
    const refused = await uploadSuite(db, rita, { modelSlug: slug, fileName: "u5-tickets.yaml", text });
    expect(refused).toMatchObject({ ok: false, kind: "invalid" });
    expect((refused as { message: string }).message).toContain(message);
    expect(await suiteRows(db)).toBe(before);
  });

  test("refuses the key of a case retired from another suite, saying it is retired: earlier campaigns' runs are known by it", async () => {
    const { db } = await campaignDatabase();
    await withR15AndU5(db);
    const suites = loadSuites().map((loaded) => {
      if (loaded.suite.suite !== "u1-recommender") return loaded;
      const suite = { ...loaded.suite, cases: loaded.suite.cases.filter((testCase) => testCase.key !== "u1.pii.01-1") };
      return { ...loaded, suite, contentHash: suiteContentHash(suite) };
    });
    expect((await syncSuites(db, slug, suites)).removedCases).toBe(1);
    const before = await suiteRows(db);
    const refused = await uploadSuite(db, rita, {
      modelSlug: slug,
      fileName: "u5-tickets.yaml",
      text: suiteFile().replace("key: u5.leak.1", "key: u1.pii.01-1"),
    });
    expect(refused).toMatchObject({
      ok: false,
      kind: "invalid",
      message: expect.stringContaining("case keys already used by another suite: u1.pii.01-1 (in u1-recommender, retired)"),
    });
    expect(await suiteRows(db)).toBe(before);
  });

  test("refuses a suite whose YAML aliases multiply, naming the file and the aliases, where the reader's ReferenceError answered 500", async () => {
    const { db } = await campaignDatabase();
    const before = await suiteRows(db);
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
    ];
    const refused = await uploadSuite(db, rita, { modelSlug: slug, fileName: "bomb.yaml", text: `${bomb.join("\n")}\n` });
    expect(refused).toMatchObject({
      ok: false,
      kind: "invalid",
      message: "text: bomb.yaml:1 (file): YAML: the document cannot be built: Excessive alias count indicates a resource exhaustion attack",
    });
    expect(await suiteRows(db)).toBe(before);
  });

  test("refuses a file that is not YAML by its name, and a viewer, before reading anything", async () => {
    const { db } = await campaignDatabase();
    const before = await suiteRows(db);
    const notYaml = await uploadSuite(db, rita, { modelSlug: slug, fileName: "suite.txt", text: suiteFile() });
    expect(notYaml).toMatchObject({ ok: false, kind: "invalid", message: expect.stringContaining("a suite file ends in .yaml or .yml") });
    const viewer: Actor = victor;
    expect(await uploadSuite(db, viewer, { modelSlug: slug, fileName: "u5-tickets.yaml", text: suiteFile() })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await suiteRows(db)).toBe(before);
  });
});
