// The campaigns page's list: each campaign's failures, tagged where the smoke-test model answered,
// by the one rule of lib/campaigns/reads/campaign-smoke-test.ts (written evidence, else the local
// engine on the tiny model).
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { CampaignList } from "../../app/models/[slug]/campaigns/campaign-list";
import { listCampaigns } from "../../lib/campaigns/reads/load-campaigns";
import { defaultModelSlug } from "../../lib/content/paths";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";

describe("the campaigns list", () => {
  test("tags a campaign the smoke-test model answered, and not one whose written evidence is the model's own", async () => {
    const { db } = await campaignDatabase();
    await db.model.update({ where: { slug: defaultModelSlug }, data: { isSmokeTestModel: true } });
    const smoke = await newCampaign(db, { ...smallCampaign, name: "on the tiny model" });
    const real = await newCampaign(db, { ...smallCampaign, name: "on the real checkpoint" });
    // The real one's evidence was written while the model's own checkpoint answered.
    const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: "R1" }, use: { code: "U1" } } });
    await db.evidence.create({
      data: {
        cellId: cell.id,
        campaignId: real,
        kind: "CAMPAIGN",
        n: 6,
        passes: 6,
        failures: 0,
        intervalLow: 0,
        intervalHigh: 0.39,
        verdict: "PASS",
        smokeTest: false,
        title: "real",
      },
    });

    const campaigns = await listCampaigns(db, defaultModelSlug);
    expect(Object.fromEntries(campaigns.map((campaign) => [campaign.id, campaign.smokeTest]))).toEqual({ [smoke]: true, [real]: false });

    const html = renderToStaticMarkup(createElement(CampaignList, { slug: defaultModelSlug, campaigns }));
    const row = (id: string) => html.slice(html.indexOf(`value="${id}"`), html.indexOf("</tr>", html.indexOf(`value="${id}"`)));
    expect(row(smoke)).toContain("smoke-test model");
    expect(row(real)).not.toContain("smoke-test");
  });
});
