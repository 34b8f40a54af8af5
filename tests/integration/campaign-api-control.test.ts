// An automation that starts a campaign over HTTP can stop it the same way: a CI job cancelled half-way cancels the
// campaign it started. Seen (stop 50): POST /api/campaigns started a campaign, and nothing in the API paused, resumed,
// cancelled or retried one; only the campaign's page (a server action) could.
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { POST as controlCampaign } from "../../app/api/campaigns/[id]/control/route";
import { GET as getCampaign } from "../../app/api/campaigns/[id]/route";
import { POST as postCampaign } from "../../app/api/campaigns/route";
import { defaultModelSlug } from "../../lib/content/paths";
import { closeDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { signInAsNewUser } from "../support/route-session";
import { campaignDatabase } from "./campaign-fixture";

let db: Db;

beforeAll(async () => {
  const fresh = await campaignDatabase();
  db = fresh.db;
  process.env.DATABASE_URL = fresh.url;
  await signInAsNewUser(db, { email: "rita@campaign-api-control.test", name: "Rita Reviewer", role: "REVIEWER", password: "rita-campaign-password" });
});

afterAll(() => closeDb());

async function started(): Promise<string> {
  const response = await postCampaign(
    new Request("http://127.0.0.1/api/campaigns", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ modelSlug: defaultModelSlug, uses: ["U1"], casesPerSuite: 2 }),
    }),
  );
  return (await response.json()).campaignId;
}

async function control(id: string, body: unknown) {
  const response = await controlCampaign(
    new Request(`http://127.0.0.1/api/campaigns/${id}/control`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ id }) },
  );
  return { status: response.status, body: await response.json() };
}

async function statusOf(id: string): Promise<string> {
  const response = await getCampaign(new Request(`http://127.0.0.1/api/campaigns/${id}`), { params: Promise.resolve({ id }) });
  return (await response.json()).status;
}

async function auditCount(): Promise<number> {
  return db.auditEvent.count();
}

describe("a campaign controlled over the API", () => {
  test("pauses, resumes and cancels, each answered with the status it leaves", async () => {
    const id = await started();
    expect(await control(id, { action: "pause" })).toMatchObject({ status: 200, body: { ok: true, status: "PAUSED" } });
    expect(await statusOf(id)).toBe("PAUSED");
    expect(await control(id, { action: "resume" })).toMatchObject({ status: 200, body: { ok: true, status: "RUNNING" } });
    expect(await control(id, { action: "cancel" })).toMatchObject({ status: 200, body: { ok: true, status: "CANCELLED" } });
    expect(await statusOf(id)).toBe("CANCELLED");
    expect(await db.auditEvent.count({ where: { entityId: id, action: { in: ["campaign.pause", "campaign.resume", "campaign.cancel"] } } })).toBe(3);
  });

  test("an action a cancelled campaign cannot take is 409 naming why, and changes nothing", async () => {
    const id = await started();
    await control(id, { action: "cancel" });
    const before = await auditCount();
    const answer = await control(id, { action: "resume" });
    expect(answer.status).toBe(409);
    expect(answer.body.message).toMatch(/cancelled/i);
    expect(await statusOf(id)).toBe("CANCELLED");
    expect(await auditCount()).toBe(before);
  });

  test.each([
    ["an action it does not know", { action: "stop" }, "the action"],
    ["no action", {}, "the action"],
    ["a field besides the action", { action: "pause", campaignId: "another" }, 'Unrecognized key: "campaignId"'],
  ])("%s is refused with 400 naming it, and changes nothing", async (_name, body, fragment) => {
    const id = await started();
    const before = await auditCount();
    const answer = await control(id, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toContain(fragment);
    expect(await statusOf(id)).toBe("QUEUED");
    expect(await auditCount()).toBe(before);
  });

  test("an id of no campaign is 404 naming it", async () => {
    expect(await control("no-such-campaign", { action: "cancel" })).toMatchObject({ status: 404, body: { message: "no campaign no-such-campaign" } });
  });
});
