// The admin's serving targets page shows, beside each target's declared revision, what its endpoint last said it served
// at /v1/models, as the newest campaign on it recorded it, and says so when that root contradicts the declaration.
// Before, the page showed the declaration alone: an admin whose endpoint had moved to other weights learnt of it only
// from a paused campaign's reason.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import type { Db } from "../../lib/db/types";
import { lastServedByTarget } from "../../lib/serving-targets/load-serving-targets";
import { createServingTarget, updateServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";
import { SNAPSHOT_COMMIT, SNAPSHOT_ROOT, SnapshotEndpoint } from "./local-endpoint";
import { admin } from "./serving-target-setup";

let db: Db;
let endpoint: SnapshotEndpoint;
beforeEach(async () => {
  ({ db } = await campaignDatabase());
  endpoint = new SnapshotEndpoint();
});
afterEach(async () => {
  await endpoint.close();
});

describe("what a serving target's endpoint last said it served", () => {
  test("is the newest campaign's record of it, and names a contradiction once another revision is declared", async () => {
    const target = { name: "beluga-vllm", baseUrl: await endpoint.listen(), model: "beluga", declaredRevision: "3f5a6c1 fp8" };
    const saved = await createServingTarget(db, admin, target);
    if (!saved.ok) throw new Error(saved.message);
    await createServingTarget(db, admin, { ...target, name: "never-asked" });
    expect(await lastServedByTarget(db)).toEqual(new Map());

    const campaignId = await newCampaign(db, {
      ...smallCampaign,
      name: "nightly",
      uses: ["U1"],
      casesPerSuite: 2,
      backend: { kind: "openai", target: target.name },
    });
    await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 20 }).done;
    const started = (await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).createdAt;

    expect(await lastServedByTarget(db)).toEqual(
      new Map([
        ["beluga-vllm", { served: `beluga (root ${SNAPSHOT_ROOT}, max length 4096)`, campaignName: "nightly", startedAt: started, contradiction: null }],
      ]),
    );

    const changed = await updateServingTarget(db, admin, { id: saved.target.id, ...target, declaredRevision: "0123abcd fp8" });
    expect(changed.ok).toBe(true);
    expect((await lastServedByTarget(db)).get("beluga-vllm")?.contradiction).toBe(
      `its /v1/models root (${SNAPSHOT_ROOT}) is the snapshot of commit ${SNAPSHOT_COMMIT}, not the declared commit 0123abcd`,
    );
  });
});
