// `DATABASE_URL=file:./data/e2e.db npx tsx tests/browser/support/seed-hostile.ts PAYLOAD`: puts a
// hostile payload into every free text the app stores and shows, through lib/ where a person
// can type it (rationale, mitigation text, a person's name) and straight into the rows a suite
// file and the model write (a case's prompt, a run's output). Prints where each one landed.
import { cliActor } from "../../../cli/cli-actor";
import { createCampaign } from "../../../lib/campaigns/start/create-campaign";
import { syncSuites } from "../../../lib/suites/sync-suites";
import { updateCell } from "../../../lib/cells/update-cell";
import { closeDb, getDb } from "../../../lib/db/client";
import { editMitigationText } from "../../../lib/mitigations/edit-mitigation-text";
import { createUser } from "../../../lib/users/create-user";
import { refuseNonE2eDatabase } from "./refuse-non-e2e-database";

refuseNonE2eDatabase();
const payload = process.argv[2];
const slug = "stable-beluga-2";
const db = getDb();
const actor = cliActor();
function must<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result as Extract<T, { ok: true }>;
}

const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: "R7", model: { slug } }, use: { code: "U3" } } });
must(
  await updateCell(db, actor, {
    ref: { cellId: cell.id },
    expectedVersion: cell.version,
    changes: { applies: "YES", likelihood: 2, severity: 2, rationale: `rationale ${payload}` },
  }),
);

// Playwright runs a failed spec again, and its beforeAll with it: each step finds what an earlier run wrote
// rather than writing it twice (a second mitigation with the text is refused, a second user with the address too).
const mitigationText = `mitigation ${payload}`;
const mitigation =
  (await db.mitigation.findFirst({ where: { model: { slug }, text: mitigationText } })) ??
  (await db.mitigation.findFirstOrThrow({ where: { model: { slug }, risks: { some: { risk: { code: "R7" } } } }, orderBy: { id: "asc" } }));
if (mitigation.text !== mitigationText) {
  must(await editMitigationText(db, actor, { mitigationId: mitigation.id, expectedVersion: mitigation.version, text: mitigationText }));
}

if (!(await db.user.findUnique({ where: { email: "hostile@e2e.test" } }))) {
  must(await createUser(db, actor, { email: "hostile@e2e.test", name: `Person ${payload}`.slice(0, 100), role: "VIEWER" }));
}

await syncSuites(db, slug);
const campaign = must(await createCampaign(db, actor, { modelSlug: slug, uses: ["U1"], casesPerSuite: 1, repeats: 1 }));
const run = await db.caseRun.findFirstOrThrow({ where: { campaignId: campaign.campaignId } });
// What the run asked: a run keeps its own copy of its case's prompt.
await db.caseRun.update({
  where: { id: run.id },
  data: {
    systemPrompt: `system ${payload}`,
    turns: [{ role: "user", content: `prompt ${payload}` }],
    status: "DONE",
    verdict: "FAIL",
    output: `output ${payload}`,
    finishedAt: new Date(),
  },
});

console.log(JSON.stringify({ campaignId: campaign.campaignId, runId: run.id, mitigationId: mitigation.id }));
await closeDb();
