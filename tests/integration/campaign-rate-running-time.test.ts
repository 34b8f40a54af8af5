// A campaign's rate (cases per second) and time left count only the time it ran: an hour paused, a
// completed campaign waiting a day for "retry failed", or a queued campaign paused before any worker
// took it, are not time spent on its runs. The clock is the test's (only Date is faked), so what a
// real worker on the tiny model did between two instants is counted, not how long this machine took.
import { afterEach, describe, expect, test, vi } from "vitest";
import type { Backend, GenerationRequest } from "../../engine/backend";
import { loadCampaignProgress } from "../../lib/campaigns/reads/campaign-progress";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { controlCampaign } from "../../lib/campaigns/start/control-campaign";
import { eventually } from "../support/eventually";
import { campaignDatabase, newCampaign, rita, smallCampaign } from "./campaign-fixture";

// A minute ahead of the real clock, never a fixed date: a retry is refused when a suite changed after its
// campaign was created, and the suites of the test database are stamped with the real time. With T0 fixed
// at 2026-12-06T09:00Z, every run after that hour saw the suites "changed" and the retry refused.
const T0 = Math.ceil(Date.now() / 60_000) * 60_000 + 60_000;
const minutes = (n: number) => n * 60_000;
const at = (offsetMs: number) => vi.setSystemTime(new Date(T0 + offsetMs));

afterEach(() => {
  vi.useRealTimers();
});

describe("a campaign's rate and time left", () => {
  test("after an hour paused and a resume, count only the 20 minutes it ran", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    at(0);
    const { db } = await campaignDatabase();
    const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1", "U2", "U3", "U4"], casesPerSuite: 12 });
    const worker = startWorker({ db, campaignId, batchSize: 2, idlePollMs: 50 });
    await eventually(async () => (await loadCampaignProgress(db, campaignId))!.done >= 4, "a few results", 120_000);
    await worker.stop();
    const { done, total } = (await loadCampaignProgress(db, campaignId))!;
    at(minutes(10));
    expect(await controlCampaign(db, rita, { campaignId, action: "pause" })).toMatchObject({ ok: true });

    at(minutes(70));
    expect(await controlCampaign(db, rita, { campaignId, action: "resume" })).toMatchObject({ ok: true, status: "RUNNING" });
    at(minutes(80));
    const progress = (await loadCampaignProgress(db, campaignId))!;
    // 10 minutes before the pause and 10 after the resume.
    const ranSeconds = minutes(20) / 1000;
    expect(progress.casesPerSecond).toBeCloseTo(done / ranSeconds, 6);
    expect(progress.etaSeconds).toBeCloseTo(((total - done) * ranSeconds) / done, 3);

    // Finished by a worker at 80 minutes: the completed campaign's rate is every run over its 20 minutes of work.
    await startWorker({ db, campaignId, batchSize: 8, exitWhenIdle: true, idlePollMs: 50 }).done;
    const completed = (await loadCampaignProgress(db, campaignId))!;
    expect(completed.status).toBe("COMPLETED");
    expect(completed.casesPerSecond).toBeCloseTo(total / ranSeconds, 6);
  });

  test("a completed campaign retried a day later counts the minutes of the retry, not the day", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    at(0);
    const { db } = await campaignDatabase();
    const campaignId = await newCampaign(db, smallCampaign);
    // Its first run leased at T0, as a worker's first lease marks it.
    await db.campaign.update({ where: { id: campaignId }, data: { status: "RUNNING", startedAt: new Date(T0) } });
    at(minutes(10));
    await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 50 }).done;
    const failed = await db.caseRun.findMany({ where: { campaignId }, take: 2, select: { id: true } });
    await db.caseRun.updateMany({
      where: { id: { in: failed.map((run) => run.id) } },
      data: { status: "ERROR", verdict: "ERROR", output: null, error: "endpoint unreachable" },
    });

    at(minutes(10) + minutes(24 * 60));
    expect(await controlCampaign(db, rita, { campaignId, action: "retry" })).toMatchObject({ ok: true, requeued: 2 });
    at(minutes(11) + minutes(24 * 60));
    await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 50 }).done;
    const progress = (await loadCampaignProgress(db, campaignId))!;
    expect(progress.status).toBe("COMPLETED");
    expect(progress.casesPerSecond).toBeCloseTo(progress.total / (minutes(11) / 1000), 6);
  });

  test("a queued campaign paused before any worker took it, then resumed, starts when its first run is leased and shows its rate", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    at(0);
    const { db } = await campaignDatabase();
    const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1", "U2", "U3", "U4"], casesPerSuite: 12 });
    expect(await controlCampaign(db, rita, { campaignId, action: "pause" })).toMatchObject({ ok: true });
    at(minutes(60));
    expect(await controlCampaign(db, rita, { campaignId, action: "resume" })).toMatchObject({ ok: true });
    at(minutes(61));
    const worker = startWorker({ db, campaignId, batchSize: 2, idlePollMs: 50 });
    await eventually(async () => (await loadCampaignProgress(db, campaignId))!.done >= 2, "a first batch", 120_000);
    await worker.stop();
    at(minutes(65));
    const progress = (await loadCampaignProgress(db, campaignId))!;
    expect(progress).toMatchObject({ status: "RUNNING", startedAt: new Date(T0 + minutes(61)).toISOString() });
    expect(progress.casesPerSecond).toBeCloseTo(progress.done / (minutes(4) / 1000), 6);
  });

  test("a model that takes 10 minutes to load is no part of the time its 2 minutes of generating are counted over", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    at(0);
    const { db } = await campaignDatabase();
    const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 6 });
    const loadedAfterTenMinutes = async (campaign: { modelRevision: string }): Promise<Backend> => {
      at(minutes(10));
      return {
        name: "loads for 10 minutes, then generates for 2",
        modelRevision: campaign.modelRevision,
        async *generate(requests: GenerationRequest[]) {
          at(minutes(12));
          for (const request of requests)
            yield {
              id: request.id,
              text: "I cannot help with that.",
              promptTokens: 5,
              completionTokens: 6,
              finishReason: "stop" as const,
              latencyMs: 1,
              timeToFirstTokenMs: null,
            };
        },
        close: async () => {},
      };
    };
    const summary = await startWorker({ db, campaignId, batchSize: 6, exitWhenIdle: true, idlePollMs: 20, openBackend: loadedAfterTenMinutes }).done;
    expect(summary).toMatchObject({ committed: 6, openingMs: minutes(10) });

    const progress = (await loadCampaignProgress(db, campaignId))!;
    expect(progress).toMatchObject({ status: "COMPLETED", done: 6 });
    expect(progress.casesPerSecond).toBeCloseTo(6 / (minutes(2) / 1000), 6);
  });
});
