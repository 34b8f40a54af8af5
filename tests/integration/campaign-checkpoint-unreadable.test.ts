// A campaign on a model whose checkpoint folder cannot be opened (seen when the tiny model had not
// been generated: POST /api/campaigns answered 500 with an empty body) is refused with the reason,
// naming the file, and nothing is written.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { createCampaign } from "../../lib/campaigns/start/create-campaign";
import { defaultModelSlug } from "../../lib/content/paths";
import { campaignDatabase, rita, smallCampaign } from "./campaign-fixture";

describe("a checkpoint that cannot be opened", () => {
  test("a campaign on a checkpoint folder without config.json is refused as invalid, naming the file, and nothing is written", async () => {
    const { db } = await campaignDatabase();
    const empty = mkdtempSync(path.join(tmpdir(), "no-checkpoint-"));
    await db.model.update({ where: { slug: defaultModelSlug }, data: { checkpointPath: empty } });
    const result = await createCampaign(db, rita, smallCampaign);
    expect(result).toMatchObject({ ok: false, kind: "invalid" });
    expect(result.ok ? "" : result.message).toContain(path.join(empty, "config.json"));
    expect(result.ok ? "" : result.message).toMatch(/^backend: the model's checkpoint cannot be opened/);
    expect(await db.campaign.count()).toBe(0);
    expect(await db.caseRun.count()).toBe(0);
  });
});
