// "Retry failed" on a campaign with no failed run: it used to log an event, reset the campaign's
// completion time and move the evidence date. Now it is refused and changes nothing.
import { describe, expect, test } from "vitest";
import { controlCampaign } from "../../lib/campaigns/start/control-campaign";
import { campaignDatabase, newCampaign, rita, smallCampaign } from "./campaign-fixture";

describe("retrying a campaign", () => {
  test("retrying a completed campaign with no failed run is refused with a message and changes nothing", async () => {
    const { db } = await campaignDatabase();
    const campaignId = await newCampaign(db, smallCampaign);
    const finishedAt = new Date("2026-11-30T12:00:00Z");
    await db.caseRun.updateMany({ where: { campaignId }, data: { status: "DONE", verdict: "PASS", finishedAt } });
    await db.campaign.update({ where: { id: campaignId }, data: { status: "COMPLETED", finishedAt } });
    const auditBefore = await db.auditEvent.count();

    const result = await controlCampaign(db, rita, { campaignId, action: "retry" });

    expect(result).toEqual({ ok: false, kind: "conflict", message: "nothing to retry: no run of this campaign is in error" });
    expect(await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).toMatchObject({ status: "COMPLETED", finishedAt });
    expect(await db.auditEvent.count()).toBe(auditBefore);
  });
});
