// The admin's serving targets page shows, beside each target's declared revision, what its endpoint last said it served
// at /v1/models, as the newest campaign on it recorded it, and says so when that root contradicts the declaration.
// Before, the page showed the declaration alone: an admin whose endpoint had moved to other weights learnt of it only
// from a paused campaign's reason.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import type { Db } from "../../lib/db/types";
import { lastServedByTarget } from "../../lib/serving-targets/load-serving-targets";
import { createServingTarget, updateServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";
import { LocalEndpoint, streamAnswer } from "./local-endpoint";
import { admin } from "./serving-target-setup";

const COMMIT = "3f5a6c1e9b0d4a7f8e2c6b1d0a9f8e7d6c5b4a39";
const SNAPSHOT = `/hub/models--stabilityai--StableBeluga2/snapshots/${COMMIT}`;

/** vLLM serving a Hugging Face snapshot folder as "beluga"; every answer a refusal. */
class SnapshotEndpoint extends LocalEndpoint {
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ object: "list", data: [{ id: "beluga", object: "model", root: SNAPSHOT, max_model_len: 4096 }] }));
    }
    streamAnswer(res, "I cannot help with that.");
  }
}

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
      new Map([["beluga-vllm", { served: `beluga (root ${SNAPSHOT}, max length 4096)`, campaignName: "nightly", startedAt: started, contradiction: null }]]),
    );

    const changed = await updateServingTarget(db, admin, { id: saved.target.id, ...target, declaredRevision: "0123abcd fp8" });
    expect(changed.ok).toBe(true);
    expect((await lastServedByTarget(db)).get("beluga-vllm")?.contradiction).toBe(
      `its /v1/models root (${SNAPSHOT}) is the snapshot of commit ${COMMIT}, not the declared commit 0123abcd`,
    );
  });
});
