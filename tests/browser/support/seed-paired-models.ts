// `DATABASE_URL=file:./data/e2e.db npx tsx tests/browser/support/seed-paired-models.ts`: three more
// models from the Stable Beluga 2 card (so no other spec's cells gain evidence), each with a U4
// campaign of the same seed worked to its end by a real in-process worker on the tiny model.
// "compare-first" and "compare-second" hold the content suites, so their campaigns ran the same
// cases and the tiny model answered each alike; "compare-other" holds a U4 suite that cites one
// case's source differently, so its suite is another. Prints the slugs.
import { readFileSync } from "node:fs";
import { cliActor } from "../../../cli/cli-actor";
import { importCard } from "../../../lib/card/import-card";
import { parseCardMarkdown } from "../../../lib/card/parse-markdown";
import { createCampaign } from "../../../lib/campaigns/start/create-campaign";
import { startWorker } from "../../../lib/campaigns/runner/start-worker";
import { loadSuites, suiteContentHash } from "../../../lib/suites";
import { syncSuites } from "../../../lib/suites/sync-suites";
import { cardSourcePath, defaultModelSlug } from "../../../lib/content/paths";
import { closeDb, getDb } from "../../../lib/db/client";
import { refuseNonE2eDatabase } from "./refuse-non-e2e-database";

refuseNonE2eDatabase();
const db = getDb();
const actor = cliActor();
const otherSuites = loadSuites().map((loaded) => {
  if (loaded.suite.use !== "U4") return loaded;
  const [head, ...rest] = loaded.suite.cases;
  const suite = { ...loaded.suite, cases: [{ ...head, source: `${head.source} (revised)` }, ...rest] };
  return { ...loaded, suite, contentHash: suiteContentHash(suite) };
});
const slugs = ["compare-first", "compare-second", "compare-other"];
for (const slug of slugs) {
  if (await db.model.findUnique({ where: { slug } })) continue;
  const { card } = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), slug);
  await importCard(db, actor, card, { apply: true });
  await syncSuites(db, slug, slug === "compare-other" ? otherSuites : loadSuites());
  const campaign = await createCampaign(db, actor, { modelSlug: slug, uses: ["U4"], casesPerSuite: 6, sampling: { seed: 7, maxNewTokens: 8 } });
  if (!campaign.ok) throw new Error(campaign.message);
  await startWorker({ db, campaignId: campaign.campaignId, exitWhenIdle: true, idlePollMs: 50 }).done;
}
await closeDb();
console.log(JSON.stringify({ slugs }));
