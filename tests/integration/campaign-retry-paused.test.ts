// "Retry failed" on a paused campaign: it used to resume the campaign as well (status RUNNING), so the
// workers took up a campaign a person had paused for a reason. The failed runs go back to the queue and
// the campaign stays paused, for as long as it was paused already; the answer says so.
import { describe, expect, test } from "vitest";
import { controlCampaign } from "../../lib/campaigns/start/control-campaign";
import { campaignDatabase, newCampaign, rita, smallCampaign } from "./campaign-fixture";

describe("retrying a paused campaign", () => {
  test("puts its failed runs back in the queue and leaves it paused, saying so", async () => {
    const { db } = await campaignDatabase();
    const campaignId = await newCampaign(db, smallCampaign);
    expect(await controlCampaign(db, rita, { campaignId, action: "pause" })).toMatchObject({ ok: true, status: "PAUSED" });
    const pausedAt = new Date("2026-11-30T12:00:00Z");
    await db.campaign.update({ where: { id: campaignId }, data: { pausedAt, startedAt: new Date("2026-11-30T11:00:00Z") } });
    const failed = await db.caseRun.findMany({ where: { campaignId }, take: 2, select: { id: true } });
    await db.caseRun.updateMany({
      where: { id: { in: failed.map((run) => run.id) } },
      data: { status: "ERROR", verdict: "ERROR", error: "endpoint unreachable" },
    });

    const result = await controlCampaign(db, rita, { campaignId, action: "retry" });

    expect(result).toEqual({
      ok: true,
      status: "PAUSED",
      requeued: 2,
      message: "2 runs in error queued again; the campaign stays paused: resume it to run them",
    });
    expect(await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).toMatchObject({ status: "PAUSED", pausedAt, idleSeconds: 0 });
    expect(await db.caseRun.count({ where: { id: { in: failed.map((run) => run.id) }, status: "PENDING" } })).toBe(2);
  });

  test("a running campaign's retry says its failed runs are queued again", async () => {
    const { db } = await campaignDatabase();
    const campaignId = await newCampaign(db, smallCampaign);
    await db.campaign.update({ where: { id: campaignId }, data: { status: "RUNNING", startedAt: new Date() } });
    const [failed] = await db.caseRun.findMany({ where: { campaignId }, take: 1, select: { id: true } });
    await db.caseRun.update({ where: { id: failed.id }, data: { status: "ERROR", verdict: "ERROR", error: "endpoint unreachable" } });

    expect(await controlCampaign(db, rita, { campaignId, action: "retry" })).toEqual({
      ok: true,
      status: "RUNNING",
      requeued: 1,
      message: "1 run in error queued again",
    });
  });
});
