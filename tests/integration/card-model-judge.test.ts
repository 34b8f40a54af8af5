// A cell's evidence records the model judge whose verdicts counted ("kind@revision"), and the card says what each
// cell was measured under. Seen: a campaign whose every verdict counted a model judge's (an LLM answering "VERDICT:
// FAIL") exported a card whose markdown, JSON and CycloneDX named the campaign, the revision and the detectors' accuracy
// of each cell, and nowhere the judge: a reader could not tell those verdicts from the detectors' own. Then the judge was
// named "openai@strict-rev" only: neither its serving target nor the model its endpoint said at /v1/models it served,
// though the campaign recorded both (and pauses when the judge's endpoint starts serving another).
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { updateJudgeCountingFloor } from "../../lib/labelling/judge-counting";
import { liveCardFile } from "../../lib/releases/card-export";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase, runCampaign, smallCampaign } from "./campaign-fixture";
import { AnsweringEndpoint } from "./local-endpoint";
import { admin } from "./serving-target-setup";

let db: Db;
let judge: AnsweringEndpoint;
beforeEach(async () => {
  ({ db } = await campaignDatabase());
  judge = new AnsweringEndpoint("VERDICT: FAIL", { id: "strict-judge", root: "/models/llama-guard-3-8b" });
  const saved = await createServingTarget(db, admin, {
    name: "strict-judge",
    baseUrl: await judge.listen(),
    model: "strict-judge",
    declaredRevision: "strict-rev",
  });
  if (!saved.ok) throw new Error(saved.message);
  // The judge is measured nowhere: an admin lets any judge count.
  const floor = await updateJudgeCountingFloor(db, admin, { minLabels: 0, floor: 0 });
  if (!floor.ok) throw new Error(floor.message);
});
afterEach(async () => {
  await judge.close();
});

describe("the card's evidence of cells a model judge judged", () => {
  test("names the judge in its markdown, its JSON and its CycloneDX slices", async () => {
    const campaignId = await runCampaign(db, { ...smallCampaign, uses: ["U1"], judge: { kind: "openai", target: "strict-judge", mode: "counted" } });
    const rows = await db.evidence.findMany({ where: { campaignId, n: { gt: 0 } }, include: { cell: { include: { risk: true, use: true } } } });
    expect(rows.length).toBeGreaterThan(0);
    const recorded = rows[0].judge!;
    expect(recorded).toMatch(/@strict-rev$/);
    const cells = rows.map((row) => `${row.cell.risk.code}×${row.cell.use.code}`);

    const markdown = (await liveCardFile(db, defaultModelSlug, "md"))!.body;
    const note = markdown.split("\n").find((line) => line.includes(`\`${recorded}\``));
    expect(note).toBeDefined();
    for (const cell of cells) expect(note).toContain(cell);
    expect(markdown).toContain("**Model judge:**");

    const json = JSON.parse((await liveCardFile(db, defaultModelSlug, "json"))!.body);
    const judged = json.evidence.cells.filter((row: { judge: string | null }) => row.judge === recorded);
    expect(judged.length).toBe(rows.length);

    const cyclonedx = (await liveCardFile(db, defaultModelSlug, "cdx"))!.body;
    expect(cyclonedx).toContain(`;judge=${recorded}`);
  });

  test("names the judge's serving target and what its endpoint said it served, in its markdown, its JSON and its CycloneDX slices", async () => {
    const campaignId = await runCampaign(db, { ...smallCampaign, uses: ["U1"], judge: { kind: "openai", target: "strict-judge", mode: "counted" } });
    const rows = await db.evidence.findMany({ where: { campaignId, n: { gt: 0 } }, include: { cell: { include: { risk: true, use: true } } } });
    const served = "strict-judge: strict-judge (root /models/llama-guard-3-8b)";

    const markdown = (await liveCardFile(db, defaultModelSlug, "md"))!.body;
    expect(markdown).toContain("**Judged through an endpoint:**");
    const note = markdown.split("\n").find((line) => line.includes(`\`${served}\``));
    expect(note).toBeDefined();
    for (const row of rows) expect(note).toContain(`${row.cell.risk.code}×${row.cell.use.code}`);

    const json = JSON.parse((await liveCardFile(db, defaultModelSlug, "json"))!.body);
    expect(json.evidence.cells.filter((row: { judgeServedModel: string | null }) => row.judgeServedModel === served)).toHaveLength(rows.length);

    const cyclonedx = (await liveCardFile(db, defaultModelSlug, "cdx"))!.body;
    expect(cyclonedx).toContain(`;judgeServedModel=${served}`);
  });

  test("says nothing of a judge where the detectors alone judged", async () => {
    await runCampaign(db, { ...smallCampaign, uses: ["U1"] });
    const markdown = (await liveCardFile(db, defaultModelSlug, "md"))!.body;
    expect(markdown).not.toContain("**Model judge:**");
    expect(markdown).not.toContain("**Judged through an endpoint:**");
    const json = JSON.parse((await liveCardFile(db, defaultModelSlug, "json"))!.body);
    expect(new Set(json.evidence.cells.map((row: { judge: string | null }) => row.judge))).toEqual(new Set([null]));
  });
});
