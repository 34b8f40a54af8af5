// "Retry failed" on a campaign whose suite was edited since it was created put its failed runs back on
// the edited cases: they asked the new prompts, the rest of the campaign had answered the old ones, and
// the evidence written at its completion took the new suite's hash, so it read current though most of
// it answered cases that no longer exist. The retry is refused, saying which suite changed.
import { expect, test } from "vitest";
import { controlCampaign } from "../../lib/campaigns/start/control-campaign";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { defaultModelSlug } from "../../lib/content/paths";
import { loadSuites } from "../../lib/suites";
import { syncSuites } from "../../lib/suites/sync-suites";
import { campaignDatabase, newCampaign, refusingBackend, rita, smallCampaign } from "./campaign-fixture";

test("retry failed on a campaign whose suite was edited since is refused, naming the suite, and queues nothing", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 4 });
  await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 20, openBackend: async (campaign) => refusingBackend(campaign.modelRevision) }).done;
  // Two of its runs failed for good (the endpoint was down, say).
  const failed = await db.caseRun.findMany({ where: { campaignId }, take: 2, select: { id: true } });
  await db.caseRun.updateMany({
    where: { id: { in: failed.map((run) => run.id) } },
    data: { status: "ERROR", verdict: "ERROR", output: null, error: "endpoint unreachable" },
  });

  // Then U1's suite is edited: every case asks something else.
  const edited = loadSuites().map((loaded) =>
    loaded.suite.use !== "U1"
      ? loaded
      : {
          ...loaded,
          contentHash: `${loaded.contentHash}-edited`,
          suite: {
            ...loaded.suite,
            cases: loaded.suite.cases.map((testCase) => ({ ...testCase, prompt: `${testCase.prompt ?? ""} (edited)`, turns: undefined })),
          },
        },
  );
  await syncSuites(db, defaultModelSlug, edited);
  const suiteKey = edited.find((loaded) => loaded.suite.use === "U1")!.suite.suite;

  const retry = await controlCampaign(db, rita, { campaignId, action: "retry" });
  expect(retry).toMatchObject({ ok: false, kind: "conflict" });
  expect(retry.ok ? "" : retry.message).toContain(`suite ${suiteKey} was changed since this campaign was created`);
  expect(await db.caseRun.count({ where: { campaignId, status: "ERROR" } })).toBe(2);
  expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("COMPLETED");
});
