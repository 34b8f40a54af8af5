// A suite is known by its key and a case by its key, across the model's suites: earlier campaigns'
// runs count in their suite's use, and are keyed and paired by their case's key. When the file for
// U1's suite said U2, the sync moved the suite, its cases and every earlier campaign's runs of them
// to U2; when a case moved from one suite file to another, the sync made a second case with the same
// key. An upload already refused both; the sync now refuses them too, before writing any suite.
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

/** The content suites with U1's first case moved, key and all, into U4's suite file. */
function u1CaseMovedToU4(): { suites: LoadedSuite[]; key: string } {
  const loaded = loadSuites();
  const moved = loaded.find((entry) => entry.suite.use === "U1")!.suite.cases[0];
  const suites = loaded.map((entry) => {
    const cases = entry.suite.use === "U1" ? entry.suite.cases.slice(1) : entry.suite.use === "U4" ? [...entry.suite.cases, moved] : entry.suite.cases;
    const suite = { ...entry.suite, cases };
    return { ...entry, suite, contentHash: suiteContentHash(suite) };
  });
  return { suites, key: moved.key };
}

test("a sync whose file names a case key another suite holds (a case moved between suite files) is refused by name and writes no suite", async () => {
  const { db } = await campaignDatabase();
  const suitesBefore = await db.testSuite.findMany({ select: { key: true, contentHash: true }, orderBy: { key: "asc" } });
  const { suites, key } = u1CaseMovedToU4();

  await expect(syncSuites(db, defaultModelSlug, suites)).rejects.toThrow(
    `suite "u4-medical": case keys already used by another suite: ${key} (in u1-recommender)`,
  );

  expect(await db.testSuite.findMany({ select: { key: true, contentHash: true }, orderBy: { key: "asc" } })).toEqual(suitesBefore);
  expect(await db.testCase.count({ where: { key } })).toBe(1);
});
