// `DATABASE_URL=file:./data/e2e.db npx tsx tests/browser/support/seed-endpoint-error.ts SECRET`:
// an internal service on this machine (a real HTTP server) that answers every request with a 500
// whose body holds SECRET, configured by an admin as a serving target; a one-run campaign on it,
// worked to its end by a real in-process worker. Prints where the failed run landed.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cliActor } from "../../../cli/cli-actor";
import { createCampaign } from "../../../lib/campaigns/start/create-campaign";
import { startWorker } from "../../../lib/campaigns/runner/start-worker";
import { syncSuites } from "../../../lib/suites/sync-suites";
import { closeDb, getDb } from "../../../lib/db/client";
import { createServingTarget } from "../../../lib/serving-targets/save-serving-target";
import { refuseNonE2eDatabase } from "./refuse-non-e2e-database";

refuseNonE2eDatabase();
const secret = process.argv[2];
const server = createServer((request, response) => {
  request.resume();
  response.writeHead(500, { "content-type": "text/plain" }).end(`internal error: token=${secret}`);
});
await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
const { port } = server.address() as AddressInfo;

const db = getDb();
const actor = cliActor();
const name = `internal-${port}`;
const target = await createServingTarget(db, actor, { name, baseUrl: `http://127.0.0.1:${port}/v1`, model: "beluga", declaredRevision: "internal-rev" });
if (!target.ok) throw new Error(target.message);
await syncSuites(db, "stable-beluga-2");
const campaign = await createCampaign(db, actor, {
  modelSlug: "stable-beluga-2",
  uses: ["U1"],
  casesPerSuite: 1,
  repeats: 1,
  backend: { kind: "openai", target: name },
});
if (!campaign.ok) throw new Error(campaign.message);
await startWorker({ db, campaignId: campaign.campaignId, exitWhenIdle: true, idlePollMs: 50, maxAttempts: 1 }).done;
const run = await db.caseRun.findFirstOrThrow({ where: { campaignId: campaign.campaignId } });
server.close();
await closeDb();
console.log(JSON.stringify({ campaignId: campaign.campaignId, runId: run.id, target: name }));
