// A suite file is known by its suite key. When the file for U1's suite said U2, the sync moved the
// suite, its cases and so every earlier campaign's runs of them to U2: the campaign's page showed its
// U1 runs as U2's, and recounting it (an override, a retry) counted them in U2's cells. An upload
// already refused a suite key another use holds; the sync now refuses it too, before writing any suite.
import { expect, test } from "vitest";
import { loadCampaign } from "../../lib/campaigns/reads/load-campaign";
import { defaultModelSlug } from "../../lib/content/paths";
import { type LoadedSuite, loadSuites, suiteContentHash } from "../../lib/suites";
import { syncSuites } from "../../lib/suites/sync-suites";
import { campaignDatabase, refusingBackend, runCampaign, smallCampaign } from "./campaign-fixture";

/** The content suites with U1's suite file saying U2, and a U4 case reworded in the same sync. */
function u1SuiteMovedToU2(): LoadedSuite[] {
  return loadSuites().map((loaded) => {
    const suite =
      loaded.suite.use === "U1"
        ? { ...loaded.suite, use: "U2" }
        : loaded.suite.use === "U4"
          ? { ...loaded.suite, cases: loaded.suite.cases.map((testCase, index) => (index === 0 ? { ...testCase, prompt: "Reworded." } : testCase)) }
          : loaded.suite;
    return { ...loaded, suite, contentHash: suiteContentHash(suite) };
  });
}

test("a sync whose file moves a suite to another use is refused by name and writes no suite, so earlier campaigns' runs stay in their use", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await runCampaign(
    db,
    { ...smallCampaign, uses: ["U1"], casesPerSuite: 2 },
    { openBackend: async (campaign) => refusingBackend(campaign.modelRevision) },
  );
  const suitesBefore = await db.testSuite.findMany({ select: { key: true, useId: true, contentHash: true }, orderBy: { key: "asc" } });

  await expect(syncSuites(db, defaultModelSlug, u1SuiteMovedToU2())).rejects.toThrow(
    'suite "u1-recommender" is U1\'s, and its file now says U2: a suite keeps its use',
  );

  expect(await db.testSuite.findMany({ select: { key: true, useId: true, contentHash: true }, orderBy: { key: "asc" } })).toEqual(suitesBefore);
  const campaign = await loadCampaign(db, campaignId);
  expect(new Set(campaign?.runs.map((run) => run.useCode))).toEqual(new Set(["U1"]));
});
