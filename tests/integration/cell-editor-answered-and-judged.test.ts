// A cell's editor says who answered and who judged its current evidence, where not this engine and its detectors alone.
// Seen: a cell whose evidence a serving target's endpoint answered (vLLM serving a Hugging Face snapshot) and whose
// verdicts counted a model judge behind another target showed, in its editor, the campaign and its date only; the card
// named both, so a reviewer learnt what the cell's claim rested on from the export, not from the cell.
import { createElement } from "react";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { CellEditor } from "../../app/models/[slug]/matrix/cell-editor";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { updateJudgeCountingFloor } from "../../lib/labelling/judge-counting";
import { loadCellEditing } from "../../lib/matrix/cell-editing";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { renderPage } from "../support/render-page";
import { campaignDatabase, runCampaign, smallCampaign } from "./campaign-fixture";
import { AnsweringEndpoint, SNAPSHOT_ROOT, SnapshotEndpoint } from "./local-endpoint";
import { admin } from "./serving-target-setup";

let db: Db;
let url: string;
let model: SnapshotEndpoint;
let judge: AnsweringEndpoint;
beforeEach(async () => {
  ({ db, url } = await campaignDatabase());
  model = new SnapshotEndpoint();
  judge = new AnsweringEndpoint("VERDICT: PASS", { id: "strict-judge", root: "/models/llama-guard-3-8b" });
  for (const target of [
    { name: "beluga-vllm", baseUrl: await model.listen(), model: "beluga", declaredRevision: "3f5a6c1 fp8" },
    { name: "strict-judge", baseUrl: await judge.listen(), model: "strict-judge", declaredRevision: "strict-rev" },
  ]) {
    const saved = await createServingTarget(db, admin, target);
    if (!saved.ok) throw new Error(saved.message);
  }
  // The judge is measured nowhere: an admin lets any judge count.
  const floor = await updateJudgeCountingFloor(db, admin, { minLabels: 0, floor: 0 });
  if (!floor.ok) throw new Error(floor.message);
});
afterEach(async () => {
  await model.close();
  await judge.close();
});

async function editorOf(riskCode: string, useCode: string): Promise<string> {
  const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: riskCode }, use: { code: useCode } } });
  const editing = await loadCellEditing(db, cell.id);
  if (!editing) throw new Error("no such cell");
  return renderPage(url, async () =>
    createElement(CellEditor, {
      ...editing,
      slug: defaultModelSlug,
      people: [],
      role: "REVIEWER",
      actorLabel: "Rita Reviewer",
      onChanged: () => {},
      onClose: () => {},
    }),
  );
}

describe("the cell editor's evidence", () => {
  test("names what the endpoint that answered said it served, and the model judge whose verdicts counted with what its endpoint said it served", async () => {
    const campaignId = await runCampaign(db, {
      ...smallCampaign,
      uses: ["U1"],
      backend: { kind: "openai", target: "beluga-vllm" },
      judge: { kind: "openai", target: "strict-judge", mode: "counted" },
    });
    const row = await db.evidence.findFirstOrThrow({ where: { campaignId, n: { gt: 0 } }, include: { cell: { include: { risk: true, use: true } } } });

    const html = await editorOf(row.cell.risk.code, row.cell.use.code);
    const said = html
      .match(/<p[^>]*data-testid="evidence-answered-and-judged"[^>]*>(.*?)<\/p>/)?.[1]
      .replace(/<[^>]+>/g, "")
      .replace(/&#x27;/g, "'");
    expect(said).toBe(
      `Answered by a serving target's endpoint, which said it served beluga (root ${SNAPSHOT_ROOT}, max length 4096). ` +
        `Its verdicts counted the model judge ${row.judge}, whose endpoint said it served strict-judge: strict-judge (root /models/llama-guard-3-8b).`,
    );
  });

  test("says nothing of either where this engine answered and its detectors alone judged", async () => {
    const campaignId = await runCampaign(db, { ...smallCampaign, uses: ["U1"] });
    const row = await db.evidence.findFirstOrThrow({ where: { campaignId, n: { gt: 0 } }, include: { cell: { include: { risk: true, use: true } } } });
    const html = await editorOf(row.cell.risk.code, row.cell.use.code);
    expect(html).toContain('data-testid="current-evidence"');
    expect(html).not.toContain("evidence-answered-and-judged");
  });
});
