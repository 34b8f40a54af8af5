// `npm run worker -- --campaign ID` works on that campaign alone. An id no campaign has (a typo, a
// campaign of another database) was taken as given: the worker started, leased nothing and waited for
// ever (or, with --exit-when-idle, said it stopped having written nothing), and an empty one worked on
// every campaign. Refused as every other bad flag is: exit 2, naming it, before anything is leased.
import { expect, test } from "vitest";
import { controlCampaign } from "../../lib/campaigns/start/control-campaign";
import { runCli } from "../support/run-cli";
import { campaignDatabase, newCampaign, rita, smallCampaign } from "./campaign-fixture";

test("worker --campaign with an id no campaign has exits 2 naming the id, and leases nothing", async () => {
  const { db, url } = await campaignDatabase();
  const other = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 2 });

  const result = await runCli("cli/worker.ts", ["--campaign", "cmp-typo", "--exit-when-idle"], url);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('worker: --campaign: no campaign has the id "cmp-typo"\n');
  expect(result.stderr).toContain("usage: worker");
  expect(await db.caseRun.count({ where: { campaignId: other, status: { not: "PENDING" } } })).toBe(0);
}, 60_000);

test("worker --campaign with an empty id exits 2 rather than work on every campaign", async () => {
  const { db, url } = await campaignDatabase();
  const other = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 2 });

  const result = await runCli("cli/worker.ts", ["--campaign", "", "--exit-when-idle"], url);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain("worker: --campaign: the campaign's id is empty");
  expect(await db.caseRun.count({ where: { campaignId: other, status: { not: "PENDING" } } })).toBe(0);
}, 60_000);

test("worker --campaign with a cancelled campaign exits 2: it has nothing left to run, ever", async () => {
  const { db, url } = await campaignDatabase();
  const cancelled = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 2 });
  await controlCampaign(db, rita, { campaignId: cancelled, action: "cancel" });

  const result = await runCli("cli/worker.ts", ["--campaign", cancelled, "--exit-when-idle"], url);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`worker: --campaign: campaign ${cancelled} was cancelled: it has nothing left to run\n`);
}, 60_000);
