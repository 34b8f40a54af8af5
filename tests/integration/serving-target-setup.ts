// What the serving-target tests share: a target saved in front of a test's endpoint (up, or down
// from the start), and the campaign and worker settings of the tests about outages.
import type { Actor } from "../../lib/auth/actor";
import type { StartWorkerOptions } from "../../lib/campaigns/runner/start-worker";
import type { Db } from "../../lib/db/types";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { newCampaign, smallCampaign } from "./campaign-fixture";
import type { LocalEndpoint } from "./local-endpoint";

export const admin: Actor = { id: null, label: "Ann Admin", role: "ADMIN" };

/** Saves serving target `name` for the endpoint at `baseUrl`, as an admin does; its model "beluga" unless named. */
export async function saveServingTarget(db: Db, name: string, baseUrl: string, model = "beluga", declaredRevision = "sha-1234"): Promise<void> {
  const saved = await createServingTarget(db, admin, { name, baseUrl, model, declaredRevision });
  if (!saved.ok) throw new Error(saved.message);
}

/**
 * Saves serving target `name` for `endpoint` and stops it: down from the start, nothing listens on the target's port
 * until the test starts the endpoint there again (`endpoint.listen(port)`). Returns that port.
 */
export async function servingTargetDown(db: Db, name: string, endpoint: LocalEndpoint, model?: string, declaredRevision?: string): Promise<number> {
  const baseUrl = await endpoint.listen();
  await saveServingTarget(db, name, baseUrl, model, declaredRevision);
  await endpoint.close();
  return Number(new URL(baseUrl).port);
}

/**
 * A worker as the outage tests run it: a request's 3 attempts fail in tens of milliseconds instead of the backend's
 * 1.5-2.3 s of backoff (these tests are about the outage the failed requests reveal, not about the waits between
 * attempts), each run tried once, four claimed at a time, the queue polled every 20 ms.
 */
export const outageWorker = { requestBackoffMs: 10, batchSize: 4, maxAttempts: 1, idlePollMs: 20 } satisfies Partial<StartWorkerOptions>;

/** A campaign of four runs (two cases of R11×U1, each twice) sent to serving target `target`. */
export function campaignOfFourRuns(db: Db, target: string): Promise<string> {
  return newCampaign(db, { ...smallCampaign, uses: ["U1"], risks: ["R11"], casesPerSuite: 2, repeats: 2, backend: { kind: "openai", target } });
}
