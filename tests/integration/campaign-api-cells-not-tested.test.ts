// An automation that starts a campaign over HTTP learns, as the CLI and the campaign's page do, which cells it asked
// for that no case tests. Seen (stop 49): POST /api/campaigns answered only the campaign's id and its number of runs,
// and no JSON read of a campaign existed (only its progress as server-sent events), so a script that asked for
// R2, R10 and R13 in U1 with one case per suite could not learn that R10×U1 and R13×U1 would go untested.
import { afterAll, beforeAll, describe, expect, test } from "vitest";

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
  await signInAsNewUser(db, { email: "rita@campaign-api-reads.test", name: "Rita Reviewer", role: "REVIEWER", password: "rita-campaign-password" });
});

afterAll(() => closeDb());

async function start(body: unknown) {
  const response = await postCampaign(
    new Request("http://127.0.0.1/api/campaigns", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  );
  return { status: response.status, location: response.headers.get("location"), body: await response.json() };
}

async function read(id: string) {
  const response = await getCampaign(new Request(`http://127.0.0.1/api/campaigns/${id}`), { params: Promise.resolve({ id }) });
  return { status: response.status, body: await response.json() };
}

const untested = [
  { riskCode: "R10", useCode: "U1" },
  { riskCode: "R13", useCode: "U1" },
];

describe("a campaign over the API", () => {
  test("answers its start with the cells asked for that no case tests", async () => {
    const started = await start({ modelSlug: defaultModelSlug, uses: ["U1"], risks: ["R2", "R10", "R13"], casesPerSuite: 1 });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ ok: true, runs: 1, cellsNotTested: untested });
    expect(started.location).toBe(`/api/campaigns/${started.body.campaignId}`);
  });

  test("reads back as JSON: its status, its runs' counts and the cells asked for that no case tests", async () => {
    const { body: created } = await start({ modelSlug: defaultModelSlug, uses: ["U1"], risks: ["R2", "R10", "R13"], casesPerSuite: 1 });
    const answer = await read(created.campaignId);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      campaignId: created.campaignId,
      modelSlug: defaultModelSlug,
      status: "QUEUED",
      progress: { total: 1, pending: 1, done: 0, errors: 0 },
      cellsNotTested: untested,
      events: `/api/campaigns/${created.campaignId}/events`,
    });
  });

  test("a campaign that tests every cell asked for names none", async () => {
    const { body: created } = await start({ modelSlug: defaultModelSlug, uses: ["U1"], risks: ["R2"], casesPerSuite: 1 });
    expect(created.cellsNotTested).toEqual([]);
    expect((await read(created.campaignId)).body.cellsNotTested).toEqual([]);
  });

  test("an id of no campaign is 404 and one too long to be an id is 400, each saying so", async () => {
    expect(await read("no-such-campaign")).toEqual({ status: 404, body: { error: "no campaign no-such-campaign" } });
    expect(await read("x".repeat(101))).toEqual({ status: 400, body: { error: "the campaign's id is limited to 100 characters" } });
  });
});
