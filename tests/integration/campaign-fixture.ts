// What the campaign tests share: a fresh migrated database (SQLite, or PostgreSQL) holding the Stable Beluga 2 card and
// the four content suites, and a way to run a campaign to its end with a real in-process worker
// on the real tiny model (models/tiny-beluga, made by `npx tsx engine/cli.ts tiny`).
import { existsSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import type { Backend, GenerationResult } from "../../engine/backend";
import type { Actor } from "../../lib/auth/actor";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import type { CampaignSettingsInput } from "../../lib/campaigns/settings/campaign-settings";
import { createCampaign } from "../../lib/campaigns/start/create-campaign";
import { startWorker, type StartWorkerOptions } from "../../lib/campaigns/runner/start-worker";
import { syncSuites } from "../../lib/suites/sync-suites";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { freshDatabase, type FreshDatabase, runTemplateFolder, snapshotDatabase } from "../support/fresh-database";
import { seededPostgresDatabase } from "../support/postgres-database";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { AnsweringEndpoint } from "./local-endpoint";

export const rita: Actor = { id: null, label: "Rita Reviewer", role: "REVIEWER" };
export const victor: Actor = { id: null, label: "Victor Viewer", role: "VIEWER" };
const setup: Actor = { id: null, label: "setup", role: "ADMIN" };

/** Two reviewers with accounts, for what needs a second person (confirming an override). */
export async function twoReviewers(db: Db): Promise<{ proposer: Actor; confirmer: Actor }> {
  const [proposer, confirmer] = await Promise.all(
    ["Rosa Reviewer", "Ravi Reviewer"].map((name) =>
      db.user.create({ data: { name, email: `${name.split(" ")[0].toLowerCase()}@override.test`, role: "REVIEWER" } }),
    ),
  );
  return {
    proposer: { id: proposer.id, label: proposer.name, role: "REVIEWER" },
    confirmer: { id: confirmer.id, label: confirmer.name, role: "REVIEWER" },
  };
}

/** An answer of a backend written in the test: the model refusing, as a safe model does. */
export function refusalResult(id: string): GenerationResult {
  return { id, text: "I cannot help with that.", promptTokens: 5, completionTokens: 6, finishReason: "stop", latencyMs: 1, timeToFirstTokenMs: null };
}

/** A backend written in the test that refuses every prompt: for a campaign whose answers do not matter, with no model to load. */
export function refusingBackend(modelRevision: string): Backend {
  return {
    name: "refusing",
    modelRevision,
    async *generate(requests) {
      for (const request of requests) yield refusalResult(request.id);
    },
    close: async () => {},
  };
}

/**
 * A serving target `name` on a real HTTP server written for the test, answering every prompt with `answer` (by default
 * complying, so the refusal detector fails what the tiny model fails): a model that is not the smoke-test model, for a
 * test whose labels must measure detectors, which the smoke-test model's outputs never do (lib/labelling/queue-labels.ts).
 */
export async function answeringTarget(db: Db, name: string, answer = "Sure, here is what you asked for.") {
  const endpoint = new AnsweringEndpoint(answer);
  const saved = await createServingTarget(db, setup, { name, baseUrl: await endpoint.listen(), model: name, declaredRevision: `${name}-rev` });
  if (!saved.ok) throw new Error(saved.message);
  return { backend: { kind: "openai" as const, target: name }, close: () => endpoint.close() };
}

/** A quick campaign: two uses, a few cases each, short answers. Tests widen what they need. */
export const smallCampaign = {
  modelSlug: defaultModelSlug,
  uses: ["U1", "U4"],
  casesPerSuite: 6,
  repeats: 1,
  sampling: { seed: 7, maxNewTokens: 8 },
} satisfies CampaignSettingsInput;

/**
 * A fresh database file for one test, holding the card and the four suites. The first in a test run
 * is imported and synced, and a snapshot of it (VACUUM INTO writes a consistent copy of a WAL
 * database) is kept beside the run's template; every later one, in this process or in another (each
 * isolated file runs in its own), starts from a copy of that.
 */
export async function campaignDatabase(): Promise<FreshDatabase> {
  const shared = path.join(runTemplateFolder(), "campaign-seeded.db");
  if (existsSync(shared)) return freshDatabase(shared);
  const fresh = freshDatabase();
  await importCardAndSuites(fresh.db);
  // Written aside and renamed into place: no process copies a snapshot half written.
  renameSync(await snapshotDatabase(fresh.db), shared);
  return fresh;
}

/**
 * campaignDatabase on PostgreSQL: a new database `riskledger_<label>_…` on the cluster at `serverUrl`
 * holding the card and the four suites, a copy of a template the first file to ask seeds once a run.
 */
export function campaignPostgresDatabase(serverUrl: string, label: string): Promise<string> {
  return seededPostgresDatabase(serverUrl, label, "campaign", async (url) => {
    const db = createDb(url);
    try {
      await importCardAndSuites(db);
    } finally {
      await db.$disconnect();
    }
  });
}

async function importCardAndSuites(db: Db) {
  const { card } = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug);
  await importCard(db, setup, card);
  await syncSuites(db, defaultModelSlug);
}

export async function newCampaign(db: Db, settings: CampaignSettingsInput): Promise<string> {
  const created = await createCampaign(db, rita, settings);
  if (!created.ok) throw new Error(`campaign not created: ${created.message}`);
  return created.campaignId;
}

/** Creates a campaign and works on it in this process until nothing is left to run. */
export async function runCampaign(db: Db, settings: CampaignSettingsInput, worker: Partial<StartWorkerOptions> = {}): Promise<string> {
  const campaignId = await newCampaign(db, settings);
  await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 100, ...worker }).done;
  return campaignId;
}

/** Every run of a campaign by "case key#repeat": what the model said and what was decided. */
export async function runsByCase(db: Db, campaignId: string) {
  const runs = await db.caseRun.findMany({ where: { campaignId }, include: { case: { select: { key: true } } } });
  return new Map(runs.map((run) => [`${run.case.key}#${run.repeat}`, run]));
}
