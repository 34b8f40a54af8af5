// Rewording a case in its suite file updates its TestCase row in place, and a run kept no copy of
// what it asked: an earlier campaign's run page then showed the new prompt beside the old output,
// and a campaign created before the rewording asked the new text under the old suite hash. A run
// now keeps the system prompt and turns it asks, copied from its case when the campaign is created.
import { expect, test } from "vitest";
import type { Backend, ChatMessage } from "../../engine/backend";
import { loadCaseRun } from "../../lib/campaigns/reads/load-case-run";
import { readStoredTurns } from "../../lib/campaigns/runner/case-request";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { loadLabellingItem } from "../../lib/labelling/load-labelling-item";
import { type LoadedSuite, loadSuites, suiteContentHash } from "../../lib/suites";
import { syncSuites } from "../../lib/suites/sync-suites";
import { campaignDatabase, newCampaign, refusalResult, smallCampaign } from "./campaign-fixture";

const u1Campaign = { ...smallCampaign, uses: ["U1"], casesPerSuite: 2 };

/** A backend that refuses everything and keeps the messages each request asked. */
function recordingBackend(modelRevision: string, asked: Map<string, ChatMessage[]>): Backend {
  return {
    name: "refusing",
    modelRevision,
    async *generate(requests) {
      for (const request of requests) {
        asked.set(request.id, request.messages);
        yield refusalResult(request.id);
      }
    },
    close: async () => {},
  };
}

async function runToEnd(db: Db, campaignId: string, asked = new Map<string, ChatMessage[]>()) {
  await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 20, openBackend: async (campaign) => recordingBackend(campaign.modelRevision, asked) })
    .done;
  return asked;
}

/** The content suites with every case of U1's suites reworded: a new system prompt and a new prompt. */
function reworded(): LoadedSuite[] {
  return loadSuites().map((loaded) => {
    if (loaded.suite.use !== "U1") return loaded;
    const cases = loaded.suite.cases.map((testCase) =>
      testCase.turns
        ? { ...testCase, systemPrompt: "Reworded system prompt.", turns: [{ role: "user" as const, content: "Reworded prompt." }] }
        : { ...testCase, systemPrompt: "Reworded system prompt.", prompt: "Reworded prompt." },
    );
    const suite = { ...loaded.suite, cases };
    return { ...loaded, suite, contentHash: suiteContentHash(suite) };
  });
}

async function asAsked(db: Db, campaignId: string) {
  const runs = await db.caseRun.findMany({ where: { campaignId }, include: { case: true }, orderBy: { id: "asc" } });
  return runs.map((run) => ({ id: run.id, systemPrompt: run.case.systemPrompt, turns: run.case.turns }));
}

test("an earlier campaign's run page shows the prompt the run asked, after its case is reworded", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await newCampaign(db, u1Campaign);
  await runToEnd(db, campaignId);
  const before = await asAsked(db, campaignId);
  expect(before.length).toBeGreaterThan(0);

  const report = await syncSuites(db, defaultModelSlug, reworded());
  expect(report.suites.filter((suite) => suite.changed).length).toBeGreaterThan(0);

  for (const asked of before) {
    const shown = await loadCaseRun(db, asked.id);
    expect({ id: asked.id, systemPrompt: shown?.systemPrompt, turns: shown?.turns }).toEqual(asked);
  }
});

test("a reviewer labelling an earlier run sees the prompt it asked, after its case is reworded", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await newCampaign(db, u1Campaign);
  await runToEnd(db, campaignId);
  const [asked] = await asAsked(db, campaignId);
  // Lena holds the run's item: the campaign's end may have queued it already (enqueue-for-labelling.ts).
  const claim = { claimedById: "lena", claimedUntil: new Date(Date.now() + 3_600_000) };
  const item = await db.labellingItem.upsert({
    where: { caseRunId: asked.id },
    create: { caseRunId: asked.id, reason: "AGREEMENT_SAMPLE", ...claim },
    update: claim,
  });
  await syncSuites(db, defaultModelSlug, reworded());

  const shown = await loadLabellingItem(db, item.id, "lena");
  expect({ id: asked.id, systemPrompt: shown?.systemPrompt, turns: shown?.turns }).toEqual(asked);
});

test("a campaign created before its cases are reworded asks what they said when it was created", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await newCampaign(db, u1Campaign);
  const before = await asAsked(db, campaignId);
  await syncSuites(db, defaultModelSlug, reworded());

  const asked = await runToEnd(db, campaignId);
  const sent = before.map((run) => ({ id: run.id, messages: asked.get(run.id) }));
  expect(sent).toEqual(
    before.map((run) => ({
      id: run.id,
      messages: [...(run.systemPrompt ? [{ role: "system", content: run.systemPrompt }] : []), ...readStoredTurns(run.turns)],
    })),
  );
});
