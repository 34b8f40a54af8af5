// A safety classifier's failure is evidence for the risks content/judges/category-risks.yaml maps its
// category to, so the evidence a classifier judged was made under that mapping as much as under the
// detectors. It used to be in no hash: a mapping edited after the campaign left its evidence current,
// though the same verdict now means a failure of other cells, and a campaign was judged with whatever
// the file said when its runs were judged. The campaign's model is the tiny model in this process, its
// counted judge Llama Guard 3 as answered by a classifier server (classifier-server.ts), which calls
// the export of a viewer's contact details S7 Privacy (R10, R12 and R13 in the file as shipped).
//
// The app reads content/ under RISKLEDGER_ROOT: this file points it, before anything is imported, at a
// folder holding the repository's content and models (linked) beside a copy of content/judges that the
// tests edit, so the file as shipped is never touched.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { compareCampaigns } from "../../lib/campaigns/reads/compare";
import type { CampaignSettingsInput } from "../../lib/campaigns/settings/campaign-settings";
import { DEFAULT_CATEGORY_RISKS_FILE } from "../../lib/detectors/judges/category-risks";
import { judgeVersion } from "../../lib/detectors/judges/judge-adapters";
import { detectorsHashWithJudges } from "../../lib/detectors/registry";
import type { DetectorResult } from "../../lib/detectors/types";
import type { Db } from "../../lib/db/types";
import { loadCampaignEvidence } from "../../lib/evidence/cell-evidence";
import { updateJudgeCountingFloor } from "../../lib/labelling/judge-counting";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase, newCampaign, runCampaign, runsByCase } from "./campaign-fixture";
import { startClassifierServer } from "./classifier-server";

const copiedRoot = await vi.hoisted(async () => {
  const { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const repository = process.cwd();
  const root = mkdtempSync(path.join(tmpdir(), "riskledger-category-risks-root-"));
  mkdirSync(path.join(root, "content"));
  for (const entry of readdirSync(path.join(repository, "content"))) {
    if (entry === "judges") cpSync(path.join(repository, "content", entry), path.join(root, "content", entry), { recursive: true });
    else symlinkSync(path.join(repository, "content", entry), path.join(root, "content", entry));
  }
  symlinkSync(path.join(repository, "models"), path.join(root, "models"));
  process.env.RISKLEDGER_ROOT = root;
  return root;
});

const shipped = readFileSync(path.join(process.cwd(), "content", "judges", "category-risks.yaml"), "utf8");
const PRIVACY = "S7: { name: Privacy, risks: [R10, R12, R13] }";
const HARASSMENT = "harassment: { name: No Harassment, risks: [R1] }";

/** The mapping the app reads now: the shipped file with each of `edits` (shipped line -> edited line) made. */
function editMapping(...edits: [string, string][]) {
  let text = shipped;
  for (const [line, edited] of edits) {
    expect(text).toContain(line);
    text = text.replace(line, edited);
  }
  writeFileSync(DEFAULT_CATEGORY_RISKS_FILE, text);
}

const EXPORT_CASE = "u1.pii.01-2";
const CASES = [EXPORT_CASE, "u1.pii.01-1"];

const isJudge = (finding: DetectorResult) => finding.detector.startsWith("model-judge@");

/** Why each of a campaign's cells is stale, by cell key ("" when current). */
async function staleness(db: Db, campaignId: string) {
  const cells = await loadCampaignEvidence(db, campaignId);
  expect(cells.length).toBeGreaterThan(0);
  return Object.fromEntries(cells.map((cell) => [cell.key, cell.stale.join()]));
}

const everyCell = (stale: Record<string, string>, reason: string) => Object.fromEntries(Object.keys(stale).map((key) => [key, reason]));

describe("the category mapping a classifier judged under", () => {
  let db: Db;
  let classifier: Awaited<ReturnType<typeof startClassifierServer>>;
  let settings: CampaignSettingsInput;

  beforeAll(async () => {
    expect(DEFAULT_CATEGORY_RISKS_FILE).toBe(path.join(copiedRoot, "content", "judges", "category-risks.yaml"));
    ({ db } = await campaignDatabase());
    classifier = await startClassifierServer({ decide: (request) => (request.includes("Export this viewer's contact details") ? "S7" : "safe") });
    const admin = { id: null, label: "Ann Admin", role: "ADMIN" } as const;
    const saved = await createServingTarget(db, admin, {
      name: "guard",
      baseUrl: classifier.baseUrl,
      model: "meta-llama/Llama-Guard-3-8B",
      declaredRevision: "guard-rev",
    });
    if (!saved.ok) throw new Error(saved.message);
    // Counting is what is under test here: an admin lets a judge count before any label measured it.
    const floor = await updateJudgeCountingFloor(db, admin, { minLabels: 0, floor: 0 });
    if (!floor.ok) throw new Error(floor.message);
    const cases = await db.testCase.findMany({ where: { key: { in: CASES } }, select: { id: true } });
    expect(cases).toHaveLength(CASES.length);
    settings = {
      modelSlug: "stable-beluga-2",
      caseIds: cases.map((c) => c.id),
      sampling: { seed: 5, maxNewTokens: 8 },
      judge: { kind: "openai", target: "guard", adapter: "llama-guard-3", mode: "counted" },
    };
  });
  beforeEach(() => writeFileSync(DEFAULT_CATEGORY_RISKS_FILE, shipped));
  afterAll(async () => {
    await classifier?.close();
  });

  test("evidence turns stale once the file maps the judging classifier's categories to other risks, and a campaign after the edit is current", async () => {
    const before = await runCampaign(db, settings);
    const measured = await staleness(db, before);
    expect(Object.keys(measured)).toEqual(expect.arrayContaining(["R10-U1", "R12-U1", "R13-U1"]));
    expect(measured).toEqual(everyCell(measured, ""));

    // Another classifier's categories remapped: nothing Llama Guard judged means anything else.
    editMapping([HARASSMENT, "harassment: { name: No Harassment, risks: [R1, R6] }"]);
    expect(await staleness(db, before)).toEqual(measured);

    editMapping([PRIVACY, "S7: { name: Privacy, risks: [R10, R12] }"]);
    expect(await staleness(db, before)).toEqual(everyCell(measured, "detectors"));

    const after = await runCampaign(db, settings);
    const exported = (await runsByCase(db, after)).get(`${EXPORT_CASE}#0`)!;
    expect((exported.findings as unknown as DetectorResult[]).find(isJudge)?.evidence).toBe("llama-guard-3: unsafe: S7 Privacy -> R10, R12");
    const remeasured = await staleness(db, after);
    expect(remeasured).toEqual(everyCell(remeasured, ""));
    // Compared, the campaign before the edit shows its cells stale, the one after current.
    const compared = await compareCampaigns(db, before, after);
    const r12 = compared.find((cell) => cell.key === "R12-U1")!;
    expect([r12.before?.stale, r12.after?.stale]).toEqual([["detectors"], []]);
  });

  test("a campaign is judged with the mapping it was created with: edited before its runs are judged, its failures land on the old risks and its evidence is stale", async () => {
    const campaignId = await newCampaign(db, settings);
    editMapping([PRIVACY, "S7: { name: Privacy, risks: [R10] }"]);
    await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 100 }).done;

    const exported = (await runsByCase(db, campaignId)).get(`${EXPORT_CASE}#0`)!;
    expect((exported.findings as unknown as DetectorResult[]).find(isJudge)?.evidence).toBe("llama-guard-3: unsafe: S7 Privacy -> R10, R12, R13");
    const stale = await staleness(db, campaignId);
    expect(Object.keys(stale)).toEqual(expect.arrayContaining(["R12-U1", "R13-U1"]));
    expect(stale).toEqual(everyCell(stale, "detectors"));
  });

  test("evidence of a campaign stored before the mapping was kept reads as it did: current, whatever the file says now", async () => {
    const campaignId = await runCampaign(db, settings);
    // Such a campaign's judge holds its revision alone, and its evidence the hash of the judge's version alone.
    const judge = { kind: "openai", target: "guard", adapter: "llama-guard-3", mode: "counted", revision: "guard-rev" };
    await db.campaign.update({ where: { id: campaignId }, data: { judge: [judge] } });
    const recorded = detectorsHashWithJudges([judgeVersion("llama-guard-3", { name: "openai", modelRevision: "guard-rev" })]);
    await db.evidence.updateMany({ where: { campaignId }, data: { detectorsHash: recorded } });

    const stale = await staleness(db, campaignId);
    expect(stale).toEqual(everyCell(stale, ""));
    editMapping([PRIVACY, "S7: { name: Privacy, risks: [R10] }"]);
    expect(await staleness(db, campaignId)).toEqual(stale);
  });
});
