// Every surface that uses a detector's or judge's verdicts marks it "needs review" where the one
// rule says so (lib/detectors/needs-review.ts): on a real database after a real campaign on the tiny
// model with a counted Llama Guard 3 judge (a classifier server) that no label has measured, the
// cell evidence view (which the matrix, the campaign page's cells and the card read), the card's
// markdown and JSON, the detectors page's rows and `npm run detectors:accuracy`. Which detectors fall
// short is computed here independently: their holdout figures from running them now
// (detectorAccuracy, not the stored verdicts the app reads), compared with 0.9 by hand.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadCardEvidence } from "../../lib/card/load-card-evidence";
import { renderCardMarkdown } from "../../lib/card/render-markdown";
import { cardFromDb } from "../../lib/card/card-from-db";
import { detectorAccuracy } from "../../lib/detectors/accuracy";
import { DETECTORS } from "../../lib/detectors/registry";
import type { Db } from "../../lib/db/types";
import { loadModelEvidence } from "../../lib/evidence/cell-evidence";
import { updateJudgeCountingFloor } from "../../lib/labelling/judge-counting";
import { loadDetectorMeasures } from "../../lib/labelling/load-detector-measures";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { snapshotJson } from "../../lib/releases/release-snapshot";
import { campaignDatabase, runCampaign, smallCampaign } from "./campaign-fixture";
import { startClassifierServer } from "./classifier-server";
import { runCli } from "../support/run-cli";

const JUDGE = "model-judge@llama-guard-3-1.1.0+openai:guard-rev";

describe("needs review on every surface that uses the verdicts", () => {
  let db: Db;
  let url: string;
  let guard: Awaited<ReturnType<typeof startClassifierServer>>;
  let campaignId: string;
  /** name@version of the current detectors below 0.9 precision or recall on the holdout, run now. */
  let shortOnHoldout: Set<string>;

  beforeAll(async () => {
    ({ db, url } = await campaignDatabase());
    guard = await startClassifierServer({ decide: () => "safe" });
    const admin = { id: null, label: "Ann Admin", role: "ADMIN" } as const;
    const saved = await createServingTarget(db, admin, {
      name: "guard",
      baseUrl: guard.baseUrl,
      model: "meta-llama/Llama-Guard-3-8B",
      declaredRevision: "guard-rev",
    });
    if (!saved.ok) throw new Error(saved.message);
    // The judge counts before any label measured it: exactly what "needs review" is for.
    const floor = await updateJudgeCountingFloor(db, admin, { minLabels: 0, floor: 0 });
    if (!floor.ok) throw new Error(floor.message);
    campaignId = await runCampaign(db, { ...smallCampaign, judges: [{ kind: "openai", target: "guard", adapter: "llama-guard-3", mode: "counted" }] });
    shortOnHoldout = new Set(
      (await detectorAccuracy("holdout"))
        .filter((r) => r.precision === null || r.recall === null || r.precision < 0.9 || r.recall < 0.9)
        .map((r) => r.detector),
    );
  });
  afterAll(async () => {
    await guard?.close();
  });

  /** Per cell "R1|U1": the detectors (name@version, current) its cases name, and the counted judge. */
  async function detectorsByCell(): Promise<Map<string, Set<string>>> {
    const versions = new Map(DETECTORS.map((d) => [d.name as string, `${d.name}@${d.version}`]));
    const runs = await db.caseRun.findMany({
      where: { campaignId },
      select: { case: { select: { risks: true, detectors: true, suite: { select: { use: { select: { code: true } } } } } } },
    });
    const byCell = new Map<string, Set<string>>();
    for (const { case: testCase } of runs) {
      const named = (testCase.detectors as string[]).flatMap((name) => (name === "model-judge" ? [] : [versions.get(name)!]));
      for (const risk of testCase.risks as string[]) {
        const key = `${risk}|${testCase.suite.use.code}`;
        byCell.set(key, new Set([...(byCell.get(key) ?? []), ...named, JUDGE]));
      }
    }
    return byCell;
  }

  test("each cell's evidence names the detectors below 0.9 on the blind holdout and the counted judge no label has measured, and no other", async () => {
    expect(shortOnHoldout.size).toBeGreaterThan(0);
    const expected = await detectorsByCell();
    const { cells } = await loadModelEvidence(db, smallCampaign.modelSlug);
    const fromCampaign = Object.values(cells).filter((cell) => cell.campaignId === campaignId);
    expect(fromCampaign.length).toBeGreaterThan(0);
    for (const cell of fromCampaign) {
      const used = expected.get(`${cell.riskCode}|${cell.useCode}`)!;
      const flagged = [...used].filter((detector) => detector === JUDGE || shortOnHoldout.has(detector)).sort();
      expect({ cell: cell.key, needsReview: cell.needsReview!.map((item) => item.detector) }).toEqual({ cell: cell.key, needsReview: flagged });
      expect(cell.needsReview!.find((item) => item.detector === JUDGE)?.why).toBe("not measured on human labels");
      for (const item of cell.needsReview!.filter((item) => item.detector !== JUDGE)) expect(item.why).toMatch(/ on the blind holdout \(n \d+\), below 0\.9$/);
    }
  });

  test("the card's markdown notes it beside each such cell's evidence and its JSON carries it per cell", async () => {
    const loaded = (await loadCardEvidence(db, smallCampaign.modelSlug))!;
    const card = (await cardFromDb(db, smallCampaign.modelSlug))!;
    const markdown = await renderCardMarkdown(card, loaded.evidence);
    const flaggedCells = loaded.evidence.cells.filter((cell) => cell.needsReview.length > 0);
    expect(flaggedCells.length).toBeGreaterThan(0);
    for (const cell of flaggedCells) {
      const line = markdown.split("\n").find((text) => text.startsWith(`- **${cell.risk}×${cell.use}**:`));
      expect(line, `${cell.risk}×${cell.use}`).toBeDefined();
      for (const item of cell.needsReview) expect(line).toContain(`\`${item.detector}\` needs review (${item.why})`);
    }
    const json = JSON.parse(await snapshotJson({ card, evidence: loaded.evidence }));
    const judged = json.evidence.cells.find((cell: { risk: string; use: string }) => cell.risk === flaggedCells[0].risk && cell.use === flaggedCells[0].use);
    expect(judged.needsReview).toEqual(flaggedCells[0].needsReview);
  });

  test("the detectors page's rows and npm run detectors:accuracy mark the same detectors, by the same rule", async () => {
    const { rows } = await loadDetectorMeasures(db);
    for (const detector of shortOnHoldout) {
      const row = rows.find((r) => r.detector === detector);
      if (row) expect({ detector, needsReview: row.needsReview }).toEqual({ detector, needsReview: expect.stringMatching(/on the blind holdout/) });
    }
    for (const row of rows.filter((r) => !r.isJudge && !shortOnHoldout.has(r.detector)))
      expect({ detector: row.detector, needsReview: row.needsReview }).toEqual({ detector: row.detector, needsReview: null });
    const { code, stdout: text, stderr } = await runCli("cli/detectors-accuracy.ts", [], url);
    expect(code, stderr).toBe(0);
    const section = text.slice(text.indexOf("\nNeeds review"));
    expect(section.startsWith("\nNeeds review")).toBe(true);
    for (const detector of shortOnHoldout) expect(section).toContain(`  ${detector}: precision`);
    // The holdout figures themselves are reported, each shortfall marked.
    const holdout = text.slice(text.indexOf("Holdout only"));
    for (const detector of shortOnHoldout) expect(holdout.split("\n").find((line) => line.startsWith(detector))).toContain("NO: needs review");
  });
});
