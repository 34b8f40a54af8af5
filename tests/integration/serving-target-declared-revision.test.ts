// A serving target's declared revision is what its evidence claims was served. Seen (stop 54): a target declared the
// checkpoint's revision while its endpoint, `engine serve --int4` of that checkpoint, said at /v1/models that it
// served root "<revision>+int4-block128", its 4-bit weights. The campaign completed, its evidence claimed the
// checkpoint's revision and counted as current. Where an endpoint's root names a revision, it must be the declared one.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openCheckpoint } from "../../engine/checkpoint";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import type { CampaignSettingsInput } from "../../lib/campaigns/settings/campaign-settings";
import type { Db } from "../../lib/db/types";
import { updateJudgeCountingFloor } from "../../lib/labelling/judge-counting";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";
import { startServe, tinyModelDir, type ServeProcess } from "./engine-server-helpers";
import { SNAPSHOT_COMMIT, SnapshotEndpoint } from "./local-endpoint";

const admin = { id: null, label: "Ann Admin", role: "ADMIN" } as const;

let db: Db;
let model: ReturnType<typeof tinyModelDir>;
let serve: ServeProcess;
let snapshot: SnapshotEndpoint;
let snapshotUrl: string;
beforeAll(async () => {
  ({ db } = await campaignDatabase());
  model = tinyModelDir();
  snapshot = new SnapshotEndpoint();
  [serve, snapshotUrl] = await Promise.all([startServe(model.dir, 0, ["--int4"]), snapshot.listen()]);
  // The judge below is measured nowhere: an admin lets any judge count.
  const floor = await updateJudgeCountingFloor(db, admin, { minLabels: 0, floor: 0 });
  if (!floor.ok) throw new Error(floor.message);
});
afterAll(async () => {
  await serve?.kill();
  await snapshot?.close();
  model?.remove();
});

type Target = { name: string; baseUrl: string; model: string; declaredRevision: string };

/** A small campaign answered by `target`, or with `settings` naming it otherwise (as its judge). */
async function runOn(target: Target, settings: Partial<CampaignSettingsInput> = { backend: { kind: "openai", target: target.name } }) {
  const saved = await createServingTarget(db, admin, target);
  if (!saved.ok) throw new Error(saved.message);
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 2, ...settings });
  const logs: string[] = [];
  await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 20, onLog: (message) => logs.push(message) }).done;
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { evidence: true, runs: true } });
  return { campaign, logs };
}

describe("an endpoint whose /v1/models root names a revision", () => {
  test("engine serve --int4 under a target declaring the checkpoint's revision pauses the campaign, naming both, before any case is sent", async () => {
    const checkpointRevision = openCheckpoint(model.dir).revision;
    expect(serve.revision).toBe(`${checkpointRevision}+int4-block128`);

    const { campaign, logs } = await runOn({ name: "tiny-int4", baseUrl: `${serve.url}/v1`, model: "tiny-beluga", declaredRevision: checkpointRevision });

    expect(campaign.status).toBe("PAUSED");
    const reason =
      `serving target "tiny-int4": its /v1/models root says it serves the weights of revision ${serve.revision}, not the declared revision "${checkpointRevision}". ` +
      "The campaign is paused so that its evidence never claims weights the endpoint said it did not serve. " +
      "An admin should declare the revision the endpoint serves, or serve the declared one; then start a new campaign.";
    expect(logs).toContain(reason);
    expect(campaign.runs.filter((run) => run.status !== "PENDING")).toEqual([]);
    expect(campaign.evidence.filter((row) => row.n !== 0)).toEqual([]);
    const pause = await db.auditEvent.findFirstOrThrow({ where: { entityId: campaign.id, action: "campaign.pause" } });
    expect(pause.after).toEqual({ status: "PAUSED", reason });
  });

  test("engine serve --int4 under a target declaring the revision it serves completes, its evidence claiming that revision", async () => {
    const { campaign } = await runOn({ name: "tiny-int4-declared", baseUrl: `${serve.url}/v1`, model: "tiny-beluga", declaredRevision: serve.revision });

    expect(campaign.status).toBe("COMPLETED");
    expect(campaign.modelRevision).toBe(serve.revision);
    expect(campaign.evidence.length).toBeGreaterThan(0);
    for (const evidence of campaign.evidence) expect(evidence.declaredRevision).toBe(serve.revision);
  });

  test("a Hugging Face snapshot of another commit than the declared one pauses the campaign, naming both commits", async () => {
    const before = snapshot.completions;
    const { campaign, logs } = await runOn({ name: "beluga-other-commit", baseUrl: snapshotUrl, model: "beluga", declaredRevision: "0123abcd fp8" });

    expect(campaign.status).toBe("PAUSED");
    expect(logs).toContainEqual(
      expect.stringMatching(
        /^serving target "beluga-other-commit": its \/v1\/models root \(\/root\/\.cache\/\S+\/snapshots\/3f5a6c1e\w+\) is the snapshot of commit 3f5a6c1e9b0d4a7f8e2c6b1d0a9f8e7d6c5b4a39, not the declared commit 0123abcd\. The campaign is paused/,
      ),
    );
    expect(snapshot.completions).toBe(before);
  });

  test("a Hugging Face snapshot of the declared commit, abbreviated, completes", async () => {
    const { campaign } = await runOn({
      name: "beluga-this-commit",
      baseUrl: snapshotUrl,
      model: "beluga",
      declaredRevision: `${SNAPSHOT_COMMIT.slice(0, 7)} fp8`,
    });
    expect(campaign.status).toBe("COMPLETED");
    expect(campaign.evidence.length).toBeGreaterThan(0);
  });

  test("a declaration that names no commit is not compared with a snapshot's", async () => {
    const { campaign } = await runOn({ name: "beluga-free-text", baseUrl: snapshotUrl, model: "beluga", declaredRevision: "the March fp8 build" });
    expect(campaign.status).toBe("COMPLETED");
  });

  test("a counted judge's engine serve --int4 under a target declaring the checkpoint's revision pauses the campaign, naming the judge's target", async () => {
    const checkpointRevision = openCheckpoint(model.dir).revision;
    const { campaign, logs } = await runOn(
      { name: "tiny-int4-judge", baseUrl: `${serve.url}/v1`, model: "tiny-beluga", declaredRevision: checkpointRevision },
      { judge: { kind: "openai", target: "tiny-int4-judge", mode: "counted" } },
    );

    expect(campaign.status).toBe("PAUSED");
    expect(logs).toContain(
      `judge serving target "tiny-int4-judge": its /v1/models root says it serves the weights of revision ${serve.revision}, not the declared revision "${checkpointRevision}". ` +
        "The campaign is paused so that the judge's verdicts never claim weights the endpoint said it did not serve. " +
        "An admin should declare the revision the endpoint serves, or serve the declared one; then start a new campaign.",
    );
    expect(campaign.runs.filter((run) => run.status !== "PENDING")).toEqual([]);
  });
});
