// A campaign whose worker is loading the model (minutes on a real checkpoint, during which no run
// moves) read RUNNING with no rate and nothing else: a reviewer could not tell a loading model from a
// stuck worker. The worker records on the campaign that it loads the model and since when; the
// progress (the page's, campaign run's) says so from there, and no longer once the model is loaded.
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// The campaign page's live progress asks for the App Router, which only a running Next.js server mounts.

import type { Backend } from "../../engine/backend";
import CampaignPage from "../../app/models/[slug]/campaigns/[id]/page";
import { loadCampaignProgress } from "../../lib/campaigns/reads/campaign-progress";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { eventually } from "../support/eventually";
import { renderPage } from "../support/render-page";
import { closeSignedInCampaignDatabase, signedInCampaignDatabase } from "./campaign-pages-setup";
import { newCampaign, refusalResult, smallCampaign } from "./campaign-fixture";

let db: Db;
let url: string;

beforeAll(async () => {
  ({ db, url } = await signedInCampaignDatabase({
    email: "vic@loading-model.test",
    password: "vic-loading-model-password",
    name: "Vic Viewer",
    role: "VIEWER",
  }));
});

afterAll(() => closeSignedInCampaignDatabase(db));

const campaignPage = (id: string) =>
  renderPage(url, () => CampaignPage({ params: Promise.resolve({ slug: defaultModelSlug, id }), searchParams: Promise.resolve({}) }));

/** A worker whose model loads until `loaded()` is called: a real checkpoint's load, held as long as the test needs. */
function workerLoadingSlowly(campaignId: string, options: { loadingStampMs?: number } = {}) {
  let loaded = () => {};
  const loading = new Promise<void>((resolve) => (loaded = resolve));
  const worker = startWorker({
    db,
    campaignId,
    batchSize: 4,
    exitWhenIdle: true,
    idlePollMs: 20,
    ...options,
    openBackend: async (campaign): Promise<Backend> => {
      await loading;
      return {
        name: "loaded at last",
        modelRevision: campaign.modelRevision,
        async *generate(requests) {
          for (const request of requests) yield refusalResult(request.id);
        },
        close: async () => {},
      };
    },
  });
  return { worker, loaded };
}

describe("a campaign whose worker is loading the model", () => {
  test("its progress says the model is loading, since when and by which worker, and no longer once it is loaded", async () => {
    const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 4 });
    const before = Date.now();
    const { worker, loaded } = workerLoadingSlowly(campaignId);

    const loading = await eventually(async () => (await loadCampaignProgress(db, campaignId))?.loadingModel, "the load to be recorded");
    expect(loading.worker).toBe(worker.workerId);
    expect(Date.parse(loading.since)).toBeGreaterThanOrEqual(before - 1000);
    expect(await loadCampaignProgress(db, campaignId)).toMatchObject({ status: "RUNNING", casesPerSecond: null });

    loaded();
    await worker.done;
    expect(await loadCampaignProgress(db, campaignId)).toMatchObject({ status: "COMPLETED", done: 4, loadingModel: null });
  });

  test("its page says it is loading the model and since when, beside its status", async () => {
    const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 4 });
    const { worker, loaded } = workerLoadingSlowly(campaignId);
    const loading = await eventually(async () => (await loadCampaignProgress(db, campaignId))?.loadingModel, "the load to be recorded");

    const html = await campaignPage(campaignId);
    const panel = html.slice(html.indexOf('data-testid="campaign-progress"'), html.indexOf("</section>"));
    const since = new Date(loading.since).toISOString().slice(11, 19);
    expect(panel).toContain(`is loading the model since ${since} UTC`);

    loaded();
    await worker.done;
    expect(await campaignPage(campaignId)).not.toContain("loading the model");
  });
});

// A worker killed while it loaded the model left its stamp until another worker loaded the model: the
// page and `campaign run` said a model was loading while nothing was. The stamp now holds until an
// expiry the loading worker renews, as a lease does; one past its expiry was left by a worker gone.
describe("a campaign whose loading worker is gone", () => {
  test("a loading stamp whose worker stopped renewing it reads as no load, and the next worker's load takes its place", async () => {
    const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 4 });
    // What a worker killed mid-load leaves: its stamp, last renewed a minute ago and expired since.
    const renewedAt = Date.now() - 60_000;
    await db.campaign.update({
      where: { id: campaignId },
      data: {
        status: "RUNNING",
        modelLoadingSince: new Date(renewedAt - 120_000),
        modelLoadingWorker: "gpu-host-7:4242:dead00",
        modelLoadingExpiresAt: new Date(renewedAt + 30_000),
      },
    });
    expect((await loadCampaignProgress(db, campaignId))?.loadingModel).toBeNull();
    expect(await campaignPage(campaignId)).not.toContain("loading the model");

    const before = Date.now();
    const { worker, loaded } = workerLoadingSlowly(campaignId);
    const loading = await eventually(async () => (await loadCampaignProgress(db, campaignId))?.loadingModel, "the new load to be recorded");
    expect(loading.worker).toBe(worker.workerId);
    expect(Date.parse(loading.since)).toBeGreaterThanOrEqual(before - 1000);
    loaded();
    await worker.done;
    expect(await loadCampaignProgress(db, campaignId)).toMatchObject({ status: "COMPLETED", loadingModel: null });
  });

  test("a live worker's load outlasting several of the stamp's lifetimes still reads as loading, since it began", async () => {
    const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 4 });
    // Short enough for the test to outlast it three times; long enough that a busy machine's late timer does not lapse it.
    const loadingStampMs = 2_000;
    const { worker, loaded } = workerLoadingSlowly(campaignId, { loadingStampMs });
    const first = await eventually(async () => (await loadCampaignProgress(db, campaignId))?.loadingModel, "the load to be recorded");
    const stamped = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { modelLoadingExpiresAt: true } });
    await eventually(async () => Date.now() > stamped.modelLoadingExpiresAt!.getTime() + 2 * loadingStampMs, "three of the stamp's lifetimes to pass", 30_000);
    expect((await loadCampaignProgress(db, campaignId))?.loadingModel).toEqual(first);
    loaded();
    await worker.done;
    expect((await loadCampaignProgress(db, campaignId))?.loadingModel).toBeNull();
  });
});
