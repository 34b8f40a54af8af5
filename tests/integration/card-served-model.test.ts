// A cell's evidence from a serving target records what the endpoint said it served (id, root, maximum length). Seen:
// a card whose every cell was answered by an endpoint (vLLM serving a Hugging Face snapshot) said so only in its JSON;
// its markdown and its CycloneDX slices gave "backend=openai" and the declared revision, never what was served.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { liveCardFile } from "../../lib/releases/card-export";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase, runCampaign, smallCampaign } from "./campaign-fixture";
import { SNAPSHOT_ROOT, SnapshotEndpoint } from "./local-endpoint";
import { admin } from "./serving-target-setup";

let db: Db;
let endpoint: SnapshotEndpoint;
beforeEach(async () => {
  ({ db } = await campaignDatabase());
  endpoint = new SnapshotEndpoint();
  const saved = await createServingTarget(db, admin, {
    name: "beluga-vllm",
    baseUrl: await endpoint.listen(),
    model: "beluga",
    declaredRevision: "3f5a6c1 fp8",
  });
  if (!saved.ok) throw new Error(saved.message);
});
afterEach(async () => {
  await endpoint.close();
});

describe("the card's evidence of cells a serving target's endpoint answered", () => {
  test("names what the endpoint served in its markdown and its CycloneDX slices, as its JSON does", async () => {
    const campaignId = await runCampaign(db, { ...smallCampaign, uses: ["U1"], backend: { kind: "openai", target: "beluga-vllm" } });
    const rows = await db.evidence.findMany({ where: { campaignId, n: { gt: 0 } }, include: { cell: { include: { risk: true, use: true } } } });
    expect(rows.length).toBeGreaterThan(0);
    const served = `beluga (root ${SNAPSHOT_ROOT}, max length 4096)`;
    expect(rows.every((row) => row.servedModel === served)).toBe(true);

    const markdown = (await liveCardFile(db, defaultModelSlug, "md"))!.body;
    expect(markdown).toContain("**Answered by an endpoint:**");
    const note = markdown.split("\n").find((line) => line.includes(`\`${served}\``));
    expect(note).toBeDefined();
    for (const row of rows) expect(note).toContain(`${row.cell.risk.code}×${row.cell.use.code}`);

    const cyclonedx = (await liveCardFile(db, defaultModelSlug, "cdx"))!.body;
    expect(cyclonedx).toContain(`;servedModel=beluga (root ${SNAPSHOT_ROOT}, max length 4096)`);
  });

  test("says nothing of an endpoint where this engine answered", async () => {
    await runCampaign(db, { ...smallCampaign, uses: ["U1"] });
    const markdown = (await liveCardFile(db, defaultModelSlug, "md"))!.body;
    expect(markdown).not.toContain("**Answered by an endpoint:**");
    expect((await liveCardFile(db, defaultModelSlug, "cdx"))!.body).not.toContain(";servedModel=");
  });
});
