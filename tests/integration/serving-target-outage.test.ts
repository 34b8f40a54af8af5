// A serving engine that cannot be reached for a while (restarting, as vLLM does for minutes): the
// campaign's runs wait for it rather than burn their attempts, and are answered once it is back;
// one that stays away past the worker's patience fails its runs naming why. The outage is the
// campaign's, recorded on its row: its page, the campaigns list and every worker read it there.
// Real HTTP servers, real workers, real SQLite.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ServingOutageNotice } from "../../app/models/[slug]/campaigns/[id]/serving-outage-notice";
import { CampaignList } from "../../app/models/[slug]/campaigns/campaign-list";
import { loadCampaignProgress } from "../../lib/campaigns/reads/campaign-progress";
import { listCampaigns } from "../../lib/campaigns/reads/load-campaigns";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { controlCampaign } from "../../lib/campaigns/start/control-campaign";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { campaignDatabase, rita } from "./campaign-fixture";
import { eventually } from "../support/eventually";
import { AnsweringEndpoint, LocalEndpoint } from "./local-endpoint";
import { campaignOfFourRuns, outageWorker, saveServingTarget, servingTargetDown } from "./serving-target-setup";

/**
 * Answers every completion with one refusal; has no /v1/models. With `holdAfterFirst`, every
 * completion after the first waits for `release()`, so a test sees the campaign between its first
 * answer and its last.
 */
class HoldingEndpoint extends AnsweringEndpoint {
  holdAfterFirst = false;
  private held: Promise<void> | null = null;
  release = () => {};
  protected async beforeAnswering() {
    if (this.holdAfterFirst && this.completions > 1) {
      this.held ??= new Promise((resolve) => (this.release = resolve));
      await this.held;
    }
  }
}

/** A gateway in front of a model that is restarting: 503 to everything, each request's time noted. */
class RestartingEndpoint extends LocalEndpoint {
  requestedAt: number[] = [];
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    this.requestedAt.push(Date.now());
    res.writeHead(503, { "content-type": "text/plain" }).end("upstream restarting");
  }
}

/** Accepts every connection (the kernel does, for a server stopped or deadlocked) and, while `frozen`, answers none. */
class FreezingEndpoint extends AnsweringEndpoint {
  frozen = true;
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    if (this.frozen) return new Promise<never>(() => {});
    return super.handle(req, res);
  }
}

let db: Db;
let endpoint: HoldingEndpoint;
let port: number;
beforeEach(async () => {
  ({ db } = await campaignDatabase());
  endpoint = new HoldingEndpoint();
  port = await servingTargetDown(db, "beluga-vllm", endpoint);
});
afterEach(async () => {
  await endpoint.close().catch(() => {});
});

/** "14:03:07": a moment's time of day in UTC, as the page writes it. */
const clock = (iso: string) => iso.slice(11, 19);

describe("a serving engine that cannot be reached", () => {
  test("for a few seconds: every run waits for it and is answered once, none ends in error, and the log says it is waiting", async () => {
    const campaignId = await campaignOfFourRuns(db, "beluga-vllm");
    const logs: string[] = [];
    // Back once the worker has handed its runs back to wait for it, before its next try a second later.
    let back: Promise<string> | undefined;
    await startWorker({
      db,
      campaignId,
      ...outageWorker,
      outageWaitMs: 1_000,
      exitWhenIdle: true,
      onLog: (line) => {
        logs.push(line);
        if (line.includes("handed back unanswered") && !back) back = endpoint.listen(port);
      },
    }).done;
    await back;
    const runs = await db.caseRun.findMany({ where: { campaignId } });
    expect(runs.map((run) => ({ status: run.status, output: run.output, attempts: run.attempts }))).toEqual(
      runs.map(() => ({ status: "DONE", output: "I cannot help with that.", attempts: 1 })),
    );
    expect(endpoint.completions).toBe(runs.length);
    expect(logs.some((line) => /the endpoint could not be reached .*; 4 runs handed back unanswered, next try in 1 s/.test(line))).toBe(true);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("COMPLETED");
  });

  test("one that accepts connections and never answers (a frozen server) is down too: its runs wait for it, the campaign says why, and every run is answered once it answers", async () => {
    const frozen = new FreezingEndpoint();
    await saveServingTarget(db, "beluga-frozen", await frozen.listen());
    try {
      const campaignId = await campaignOfFourRuns(db, "beluga-frozen");
      const worker = startWorker({
        db,
        campaignId,
        ...outageWorker,
        requestTimeoutMs: 300,
        outageWaitMs: 300,
        maxOutageMs: 60_000,
        exitWhenIdle: true,
      });
      const outage = await eventually(async () => (await loadCampaignProgress(db, campaignId))?.outage, "the outage on the campaign");
      expect(outage.reason).toBe("the endpoint did not answer within 0.3 s (after 3 attempts)");
      frozen.frozen = false;
      await worker.done;
      const runs = await db.caseRun.findMany({ where: { campaignId } });
      expect(runs.map((run) => ({ status: run.status, output: run.output, attempts: run.attempts }))).toEqual(
        runs.map(() => ({ status: "DONE", output: "I cannot help with that.", attempts: 1 })),
      );
      expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("COMPLETED");
    } finally {
      await frozen.close();
    }
  });

  test("past the worker's patience: its runs fail as failed generations do, naming why", async () => {
    const campaignId = await campaignOfFourRuns(db, "beluga-vllm");
    const logs: string[] = [];
    await startWorker({
      db,
      campaignId,
      ...outageWorker,
      outageWaitMs: 300,
      maxOutageMs: 1_000,
      exitWhenIdle: true,
      onLog: (line) => logs.push(line),
    }).done;
    const runs = await db.caseRun.findMany({ where: { campaignId } });
    expect(new Set(runs.map((run) => `${run.status} ${run.error}`))).toEqual(new Set(["ERROR the endpoint could not be reached (after 3 attempts)"]));
    expect(logs.some((line) => line.includes("handed back unanswered"))).toBe(true);
  });

  test("while it is down the campaign says so, on its row, its page and the list; the first answer once it is back clears it", async () => {
    const campaignId = await campaignOfFourRuns(db, "beluga-vllm");
    endpoint.holdAfterFirst = true;
    const startedAt = Date.now();
    const worker = startWorker({
      db,
      campaignId,
      ...outageWorker,
      outageWaitMs: 500,
      maxOutageMs: 60_000,
      exitWhenIdle: true,
    });
    try {
      const outage = await eventually(async () => (await loadCampaignProgress(db, campaignId))?.outage, "the outage on the campaign");
      const seenAt = Date.now();
      expect(outage).toEqual({
        target: "beluga-vllm",
        reason: "the endpoint could not be reached (after 3 attempts)",
        since: expect.any(String),
        failsAt: new Date(Date.parse(outage.since) + 60_000).toISOString(),
      });
      // Stamped when this worker found the endpoint down: after it started, before the outage was seen.
      expect(Date.parse(outage.since)).toBeGreaterThanOrEqual(startedAt);
      expect(Date.parse(outage.since)).toBeLessThanOrEqual(seenAt);
      expect((await loadCampaignProgress(db, campaignId))?.status).toBe("RUNNING");

      const notice = renderToStaticMarkup(createElement(ServingOutageNotice, { outage }));
      expect(notice).toContain(
        `Waiting for serving target beluga-vllm: the endpoint could not be reached (after 3 attempts). Unreachable since ${clock(outage.since)} UTC; runs fail instead from ${clock(outage.failsAt!)} UTC if it stays down.`,
      );
      const list = renderToStaticMarkup(createElement(CampaignList, { slug: defaultModelSlug, campaigns: await listCampaigns(db, defaultModelSlug) }));
      expect(list).toContain("running, endpoint unreachable");

      await endpoint.listen(port);
      await eventually(() => db.caseRun.findFirst({ where: { campaignId, status: "DONE" } }), "a first answered run");
      expect((await loadCampaignProgress(db, campaignId))?.status).toBe("RUNNING");
      expect((await loadCampaignProgress(db, campaignId))?.outage).toBeNull();
      expect(
        await db.campaign.findUniqueOrThrow({
          where: { id: campaignId },
          select: { outageSince: true, outageReason: true, outageRetryAt: true, outageFailsAt: true },
        }),
      ).toEqual({
        outageSince: null,
        outageReason: null,
        outageRetryAt: null,
        outageFailsAt: null,
      });
      expect(renderToStaticMarkup(createElement(CampaignList, { slug: defaultModelSlug, campaigns: await listCampaigns(db, defaultModelSlug) }))).not.toContain(
        "endpoint unreachable",
      );
    } finally {
      endpoint.release();
      await worker.done;
    }
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("COMPLETED");
  });

  test("a second worker honours the recorded outage: it sends nothing before the recorded wait, and its patience runs from the recorded start", async () => {
    const restarting = new RestartingEndpoint();
    await saveServingTarget(db, "beluga-restarting", await restarting.listen());
    try {
      const campaignId = await campaignOfFourRuns(db, "beluga-restarting");
      const first = startWorker({ db, campaignId, ...outageWorker, outageWaitMs: 4_000, maxOutageMs: 60_000 });
      const recorded = await eventually(
        () => db.campaign.findFirst({ where: { id: campaignId, outageRetryAt: { not: null } }, select: { outageSince: true, outageRetryAt: true } }),
        "the first worker's outage on the campaign",
      );
      await first.stop();
      const sentByFirst = restarting.requestedAt.length;
      expect(sentByFirst).toBeGreaterThan(0);

      // Its own patience (2 s) would have it wait on its first failure; from the recorded start it is already spent by the time it may try.
      const logs: string[] = [];
      await startWorker({
        db,
        campaignId,
        ...outageWorker,
        outageWaitMs: 100,
        maxOutageMs: 2_000,
        exitWhenIdle: true,
        onLog: (line) => logs.push(line),
      }).done;
      const sentBySecond = restarting.requestedAt.slice(sentByFirst);
      expect(sentBySecond.length).toBeGreaterThan(0);
      expect(Math.min(...sentBySecond)).toBeGreaterThanOrEqual(recorded.outageRetryAt!.getTime());
      const runs = await db.caseRun.findMany({ where: { campaignId } });
      expect(new Set(runs.map((run) => `${run.status} ${run.error}`))).toEqual(new Set(["ERROR the endpoint answered 503 (after 3 attempts)"]));
      expect(logs.some((line) => line.includes("handed back unanswered"))).toBe(false);
      // Ended: nothing is waited for any more.
      expect((await loadCampaignProgress(db, campaignId))?.outage).toBeNull();
    } finally {
      await restarting.close();
    }
  });

  test("an outage left on the row by a worker stopped an hour ago is not this one's: its runs wait for the endpoint, and the page does not say it is still unreachable", async () => {
    const campaignId = await campaignOfFourRuns(db, "beluga-vllm");
    const first = startWorker({ db, campaignId, ...outageWorker, outageWaitMs: 60_000, maxOutageMs: 600_000 });
    await eventually(() => db.campaign.findFirst({ where: { id: campaignId, outageRetryAt: { not: null } } }), "the first worker's outage on the campaign");
    // Stopped (as killed) with the endpoint still down: nothing clears the row.
    await first.stop();
    // An hour goes by with no worker: the row keeps what the first one wrote, an hour older.
    const row = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { outageSince: true, outageRetryAt: true, outageFailsAt: true } });
    const anHour = 60 * 60_000;
    await db.campaign.update({
      where: { id: campaignId },
      data: {
        outageSince: new Date(row.outageSince!.getTime() - anHour),
        outageRetryAt: new Date(row.outageRetryAt!.getTime() - anHour),
        outageFailsAt: new Date(row.outageFailsAt!.getTime() - anHour),
      },
    });
    expect((await loadCampaignProgress(db, campaignId))?.outage).toBeNull();
    expect(renderToStaticMarkup(createElement(CampaignList, { slug: defaultModelSlug, campaigns: await listCampaigns(db, defaultModelSlug) }))).not.toContain(
      "endpoint unreachable",
    );

    // A worker started now finds the endpoint down: a new outage, waited out with its own patience.
    const logs: string[] = [];
    const second = startWorker({
      db,
      campaignId,
      ...outageWorker,
      outageWaitMs: 60_000,
      maxOutageMs: 600_000,
      onLog: (line) => logs.push(line),
    });
    try {
      const outage = await eventually(async () => {
        const found = (await loadCampaignProgress(db, campaignId))?.outage;
        return found && Date.now() - Date.parse(found.since) < 15_000 ? found : null;
      }, "a new outage on the campaign");
      expect(Date.parse(outage.failsAt) - Date.parse(outage.since)).toBe(600_000);
    } finally {
      await second.stop();
    }
    const runs = await db.caseRun.findMany({ where: { campaignId } });
    expect(runs.map((run) => run.status)).toEqual(runs.map(() => "PENDING"));
    expect(logs.some((line) => line.includes("4 runs handed back unanswered"))).toBe(true);
  });

  test("paused or cancelled, the campaign waits for no endpoint: its outage is cleared", async () => {
    for (const action of ["pause", "cancel"] as const) {
      const campaignId = await campaignOfFourRuns(db, "beluga-vllm");
      const worker = startWorker({ db, campaignId, ...outageWorker, outageWaitMs: 60_000 });
      try {
        await eventually(async () => (await loadCampaignProgress(db, campaignId))?.outage, "the outage on the campaign");
        expect(await controlCampaign(db, rita, { campaignId, action })).toMatchObject({ ok: true });
        expect((await loadCampaignProgress(db, campaignId))?.outage).toBeNull();
        expect(await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { outageSince: true, outageRetryAt: true } })).toEqual({
          outageSince: null,
          outageRetryAt: null,
        });
      } finally {
        await worker.stop();
      }
    }
  });
});
