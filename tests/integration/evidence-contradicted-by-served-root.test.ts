// Evidence claims the revision its serving target declared. Campaigns have compared that claim with the root the
// endpoint's /v1/models gives since c5dcd24 (lib/serving-targets/served-revision.ts); before, a campaign over
// `engine serve --int4` of the model's checkpoint, its target declaring the checkpoint's revision, completed and
// recorded the endpoint's root "<revision>+int4-block128" (4-bit weights) beside evidence that claimed "<revision>",
// the model's current one. Seen in such a database: the cells counted that evidence as current, and the release gate
// named them only for their approval. Evidence whose own recorded root contradicts its claim is not current.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { createCampaign } from "../../lib/campaigns/start/create-campaign";
import { defaultModelSlug, tinyModelDir } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { loadModelEvidence } from "../../lib/evidence/cell-evidence";
import { staleReasonLabel } from "../../lib/evidence/stale-reasons";
import { recordCheckpointFacts } from "../../lib/models/checkpoint-facts";
import { loadReleaseGaps } from "../../lib/releases/release-gaps";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase, rita, smallCampaign } from "./campaign-fixture";
import { LocalEndpoint, streamAnswer } from "./local-endpoint";

const admin = { id: null, label: "Ann Admin", role: "ADMIN" } as const;

/** An endpoint whose /v1/models root is `root`, as `engine serve` gives its weights' revision; every answer a refusal. */
class RootEndpoint extends LocalEndpoint {
  constructor(private readonly root: string) {
    super();
  }
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ object: "list", data: [{ id: "tiny", object: "model", root: this.root, max_model_len: 2048 }] }));
    }
    streamAnswer(res, "I cannot help with that.");
  }
}

let db: Db;
let revision: string;
let endpoint: RootEndpoint;
beforeEach(async () => {
  ({ db } = await campaignDatabase());
  // The model's checkpoint is the tiny model's: its revision is what an `engine serve` of it gives.
  const model = await db.model.update({ where: { slug: defaultModelSlug }, data: { checkpointPath: tinyModelDir } });
  revision = (await recordCheckpointFacts(db, model.id)).revisionHash ?? "";
  expect(revision).toMatch(/^[0-9a-f]{64}$/);
});
afterEach(async () => {
  await endpoint?.close();
});

/** A completed campaign on a target declaring `declared` whose endpoint's root is `root`: its campaign id. */
async function campaignServedAs(root: string, declared: string): Promise<string> {
  endpoint = new RootEndpoint(root);
  const saved = await createServingTarget(db, admin, { name: "tiny-serve", baseUrl: await endpoint.listen(), model: "tiny", declaredRevision: declared });
  if (!saved.ok) throw new Error(saved.message);
  const created = await createCampaign(db, rita, { ...smallCampaign, backend: { kind: "openai", target: "tiny-serve" } });
  if (!created.ok) throw new Error(created.message);
  await startWorker({ db, campaignId: created.campaignId, batchSize: 4, exitWhenIdle: true, idlePollMs: 20 }).done;
  expect((await db.campaign.findUniqueOrThrow({ where: { id: created.campaignId } })).status).toBe("COMPLETED");
  return created.campaignId;
}

/**
 * What a campaign run before the check left: the target declared the checkpoint's revision, and the campaign and its
 * evidence claimed it, beside the root the endpoint gave. The check now pauses such a campaign before a case is sent,
 * so the claim is written as that version wrote it, over a campaign that served the 4-bit weights.
 */
async function claimAsWrittenBeforeTheCheck(campaignId: string) {
  await db.campaign.update({ where: { id: campaignId }, data: { modelRevision: revision } });
  await db.evidence.updateMany({ where: { campaignId }, data: { modelRevision: revision, declaredRevision: revision } });
  await db.servingTarget.update({ where: { name: "tiny-serve" }, data: { declaredRevision: revision } });
}

describe("evidence whose recorded /v1/models root contradicts the revision it claims", () => {
  test("is stale for that reason, not current, and the release gate names its cells", async () => {
    const campaignId = await campaignServedAs(`${revision}+int4-block128`, `${revision}+int4-block128`);
    await claimAsWrittenBeforeTheCheck(campaignId);

    const { cells } = await loadModelEvidence(db, defaultModelSlug);
    const written = Object.values(cells).filter((cell) => cell.campaignId === campaignId);
    expect(written.length).toBeGreaterThan(0);
    for (const cell of written) expect(cell.stale).toEqual(["weights"]);
    expect(staleReasonLabel.weights).toBe("its endpoint's /v1/models named other weights than the revision it claims");

    // Assessed as applying, so that the gate asks for their evidence.
    await db.cell.updateMany({ where: { evidence: { some: { campaignId } } }, data: { applies: "YES" } });
    const gaps = await loadReleaseGaps(db, defaultModelSlug);
    for (const cell of written) expect(gaps).toContainEqual(expect.objectContaining({ cell: cell.label, reason: "its newest campaign evidence is stale" }));
  });

  test("whose root is the revision it claims stays current", async () => {
    const campaignId = await campaignServedAs(revision, revision);
    const { cells } = await loadModelEvidence(db, defaultModelSlug);
    const written = Object.values(cells).filter((cell) => cell.campaignId === campaignId);
    expect(written.length).toBeGreaterThan(0);
    for (const cell of written) expect(cell.stale).toEqual([]);
  });
});
