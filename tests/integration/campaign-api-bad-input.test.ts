// POST /api/campaigns as a script would call it, signed in as a reviewer with a real session: a
// body that says something other than the settings schema means is refused with 400 naming the
// field, and no campaign (nor audit event) is written. Numbers written as decimal text, as the
// browser's form and the CLI's flags send them, still start a campaign.
import { afterAll, beforeAll, describe, expect, test } from "vitest";

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
  await signInAsNewUser(db, { email: "rita@campaign-api.test", name: "Rita Reviewer", role: "REVIEWER", password: "rita-campaign-password" });
});

afterAll(() => closeDb());

async function campaignsAndAudit(): Promise<string> {
  return JSON.stringify([await db.campaign.count(), await db.caseRun.count(), await db.auditEvent.count()]);
}

async function post(body: unknown): Promise<{ status: number; says: string }> {
  const response = await postCampaign(
    new Request("http://127.0.0.1/api/campaigns", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  );
  const answer = await response.json();
  return { status: response.status, says: answer.error ?? answer.message };
}

const quick = { modelSlug: defaultModelSlug, uses: ["U1"], casesPerSuite: 2 };

describe("a campaign started through the API with bad input", () => {
  test.each([
    ["a misspelt field (repeat for repeats)", { ...quick, repeat: 5 }, 'Unrecognized key: "repeat"'],
    ["a misspelt sampling field (temprature)", { ...quick, sampling: { temprature: 0.7 } }, 'sampling: Unrecognized key: "temprature"'],
    ["repeats sent as true", { ...quick, repeats: true }, "repeats: "],
    ["repeats sent as a list", { ...quick, repeats: [3] }, "repeats: "],
    ["a temperature sent as null", { ...quick, sampling: { temperature: null } }, "sampling.temperature: "],
    ["a seed sent as true", { ...quick, sampling: { seed: true } }, "sampling.seed: "],
    ["cases per suite written in hexadecimal", { ...quick, casesPerSuite: "0x2" }, "casesPerSuite: "],
    ["an empty string for the token limit", { ...quick, sampling: { maxNewTokens: "" } }, "sampling.maxNewTokens: "],
    ["a risk given twice", { ...quick, risks: ["R1", "R4", "R1"] }, "risks: R1 is given twice"],
    ["a use given twice, as a list in one text", { ...quick, uses: "U1,U2,U1" }, "uses: U1 is given twice"],
  ])("%s is refused with a message naming it, and writes nothing", async (_name, body, fragment) => {
    const before = await campaignsAndAudit();
    const answer = await post(body);
    expect(answer).toMatchObject({ status: 400 });
    expect(answer.says).toContain(fragment);
    expect(await campaignsAndAudit()).toBe(before);
  });

  test("numbers written as decimal text, as the form and the CLI send them, start the campaign asked for", async () => {
    const response = await postCampaign(
      new Request("http://127.0.0.1/api/campaigns", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...quick, casesPerSuite: "2", repeats: " 2 ", sampling: { temperature: "0.5", seed: "11", maxNewTokens: "8" } }),
      }),
    );
    expect(response.status).toBe(201);
    const { campaignId } = await response.json();
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(campaign).toMatchObject({ repeats: 2, seed: 11 });
    expect(campaign.sampling).toMatchObject({ temperature: 0.5, maxNewTokens: 8 });
    expect(await db.caseRun.count({ where: { campaignId } })).toBe(4);
  });
});
