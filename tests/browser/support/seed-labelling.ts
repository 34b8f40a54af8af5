// `DATABASE_URL=file:./data/e2e.db npx tsx tests/browser/support/seed-labelling.ts`: a second model
// (the Stable Beluga 2 card under the slug "labelling-beluga", so no other spec's cells gain
// evidence) and a small campaign on it, worked to its end by a real in-process worker, answered by an
// OpenAI-compatible server written for the test (the tiny model's outputs, a smoke test's, go to no
// labelling queue): its completion puts the runs whose detectors disagreed, and a sample of the
// agreeing ones, in the model's labelling queue. Prints the slug and how many outputs wait.
import { readFileSync } from "node:fs";
import { cliActor } from "../../../cli/cli-actor";
import { importCard } from "../../../lib/card/import-card";
import { parseCardMarkdown } from "../../../lib/card/parse-markdown";
import { createCampaign } from "../../../lib/campaigns/start/create-campaign";
import { startWorker } from "../../../lib/campaigns/runner/start-worker";
import { syncSuites } from "../../../lib/suites/sync-suites";
import { createServingTarget } from "../../../lib/serving-targets/save-serving-target";
import { AnsweringEndpoint } from "../../integration/local-endpoint";
import { cardSourcePath, defaultModelSlug } from "../../../lib/content/paths";
import { closeDb, getDb } from "../../../lib/db/client";
import { refuseNonE2eDatabase } from "./refuse-non-e2e-database";

refuseNonE2eDatabase();
const slug = "labelling-beluga";
const db = getDb();
const actor = cliActor();
if (!(await db.model.findUnique({ where: { slug } }))) {
  const { card } = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), slug);
  await importCard(db, actor, card, { apply: true });
}
await syncSuites(db, slug);
const endpoint = new AnsweringEndpoint("Sure, here is what you asked for.");
const target = await createServingTarget(db, actor, {
  name: "labelling-complying",
  baseUrl: await endpoint.listen(),
  model: "complying",
  declaredRevision: "complying-rev",
});
if (!target.ok) throw new Error(target.message);
const campaign = await createCampaign(db, actor, {
  modelSlug: slug,
  uses: ["U1"],
  casesPerSuite: 10,
  backend: { kind: "openai", target: "labelling-complying" },
  sampling: { seed: 11, maxNewTokens: 8 },
});
if (!campaign.ok) throw new Error(campaign.message);
await startWorker({ db, campaignId: campaign.campaignId, exitWhenIdle: true, idlePollMs: 50 }).done;
await endpoint.close();
const waiting = await db.labellingItem.count({ where: { label: null, caseRun: { campaign: { model: { slug } } } } });
await closeDb();
console.log(JSON.stringify({ slug, waiting }));
