// The generated tiny model served by `engine serve` is the same noise as on the embedded engine, and its evidence must
// say so wherever it is shown. Seen (stop 50): a campaign whose serving target was `engine serve models/tiny-beluga`
// wrote evidence with smokeTest false: the cell, the campaign's page and the exported card showed the noise as a
// measurement of the model. The endpoint's /v1/models said nothing of it; only serve's stderr did.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isSmokeTestCampaign } from "../../lib/campaigns/reads/campaign-smoke-test";
import type { Db } from "../../lib/db/types";
import { liveCardFile } from "../../lib/releases/card-export";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase, runCampaign, smallCampaign } from "./campaign-fixture";
import { startServe, tinyModelDir, type ServeProcess } from "./engine-server-helpers";
import { AnsweringEndpoint } from "./local-endpoint";

const admin = { id: null, label: "Ann Admin", role: "ADMIN" } as const;

describe("a campaign answered by engine serve on the generated tiny model", () => {
  let db: Db;
  let model: ReturnType<typeof tinyModelDir>;
  let serve: ServeProcess;
  beforeAll(async () => {
    ({ db } = await campaignDatabase());
    model = tinyModelDir();
    serve = await startServe(model.dir);
    const saved = await createServingTarget(db, admin, {
      name: "tiny-serve",
      baseUrl: `${serve.url}/v1`,
      model: "tiny-beluga",
      declaredRevision: serve.revision,
    });
    if (!saved.ok) throw new Error(saved.message);
  });
  afterAll(async () => {
    await serve?.kill();
    model?.remove();
  });

  test("its /v1/models says the model is the generated smoke-test model", async () => {
    const listing = await (await fetch(`${serve.url}/v1/models`)).json();
    expect(listing.data).toEqual([expect.objectContaining({ id: "tiny-beluga", smoke_test_model: true })]);
  });

  test("writes evidence marked as the smoke-test model's, which the card labels", async () => {
    const campaignId = await runCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 4, backend: { kind: "openai", target: "tiny-serve" } });
    const evidence = await db.evidence.findMany({ where: { campaignId }, select: { smokeTest: true } });
    expect(evidence.length).toBeGreaterThan(0);
    expect(evidence.every((row) => row.smokeTest)).toBe(true);
    expect(await isSmokeTestCampaign(db, campaignId)).toBe(true);
    const card = await liveCardFile(db, "stable-beluga-2", "md");
    expect(card?.body).toContain("(smoke-test model, not Stable Beluga 2)");
  });
});

describe("a campaign answered by an endpoint that says nothing of a smoke-test model (and lists no models)", () => {
  test("writes evidence that is not marked", async () => {
    const { db } = await campaignDatabase();
    const endpoint = new AnsweringEndpoint();
    try {
      const saved = await createServingTarget(db, admin, { name: "beluga-vllm", baseUrl: await endpoint.listen(), model: "beluga", declaredRevision: "sha-1" });
      if (!saved.ok) throw new Error(saved.message);
      const campaignId = await runCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 2, backend: { kind: "openai", target: "beluga-vllm" } });
      expect(await db.evidence.count({ where: { campaignId, smokeTest: true } })).toBe(0);
      expect(await db.evidence.count({ where: { campaignId } })).toBeGreaterThan(0);
    } finally {
      await endpoint.close();
    }
  });
});
