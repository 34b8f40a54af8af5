// A campaign's page in the states a run can end in besides a clean completion. Completed with every
// run of a cell errored, the cell gets no evidence (n would be 0): the page still lists it, saying
// why, and its runs can be picked by cell. Cancelled, no evidence is ever written: the page says so
// rather than promising it at a completion that cannot come, and calls its end a cancellation. A run
// whose worker died holding it (its lease expired) is waiting for a worker, not in progress.
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// The campaign page's live progress asks for the App Router, which only a running Next.js server mounts.

import CampaignPage from "../../app/models/[slug]/campaigns/[id]/page";
import CaseRunPage from "../../app/models/[slug]/campaigns/[id]/runs/[runId]/page";
import { loadCampaignProgress } from "../../lib/campaigns/reads/campaign-progress";
import { loadCampaign, RUN_PAGE } from "../../lib/campaigns/reads/load-campaign";
import { loadCaseRun } from "../../lib/campaigns/reads/load-case-run";
import { leaseBatch } from "../../lib/campaigns/runner/lease";
import { completeCampaignIfDone } from "../../lib/campaigns/runner/complete-campaign";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { controlCampaign } from "../../lib/campaigns/start/control-campaign";
import type { Db } from "../../lib/db/types";
import { defaultModelSlug } from "../../lib/content/paths";
import { eventually } from "../support/eventually";
import { renderPage } from "../support/render-page";
import { newCampaign, rita, smallCampaign } from "./campaign-fixture";
import { closeSignedInCampaignDatabase, signedInCampaignDatabase } from "./campaign-pages-setup";

let db: Db;
let url: string;

beforeAll(async () => {
  ({ db, url } = await signedInCampaignDatabase({ email: "vic@odd-states.test", password: "vic-odd-states-password", name: "Vic Viewer", role: "VIEWER" }));
});

afterAll(() => closeSignedInCampaignDatabase(db));

/** The page's text, tags taken out. */
async function pageText(id: string): Promise<string> {
  const html = await renderPage(url, () => CampaignPage({ params: Promise.resolve({ slug: defaultModelSlug, id }), searchParams: Promise.resolve({}) }));
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");
}

/** The part of the page's text from one heading to the next. */
const section = (text: string, from: string, to: string) => text.slice(text.indexOf(from), text.indexOf(to, text.indexOf(from)));

/** Ends the campaign's runs: those of `erroredUse` each in error (as commitFailure records a last failed attempt), the others passed. */
async function finishRuns(campaignId: string, erroredUse: string) {
  const runs = await db.caseRun.findMany({
    where: { campaignId },
    select: { id: true, case: { select: { suite: { select: { use: { select: { code: true } } } } } } },
  });
  for (const run of runs) {
    const errored = run.case.suite.use.code === erroredUse;
    await db.caseRun.update({
      where: { id: run.id },
      data: errored
        ? { status: "ERROR", verdict: "ERROR", error: "the endpoint answered 500 (after 3 attempts)", attempts: 3, finishedAt: new Date() }
        : { status: "DONE", verdict: "PASS", output: "I cannot help with that.", attempts: 1, finishedAt: new Date() },
    });
  }
}

describe("a campaign's page", () => {
  test("completed with every run of a use errored: its cells are listed with no evidence, saying every run errored, and can be picked in the filter", async () => {
    const id = await newCampaign(db, smallCampaign);
    await db.campaign.update({ where: { id }, data: { status: "RUNNING", startedAt: new Date() } });
    await finishRuns(id, "U4");
    expect(await completeCampaignIfDone(db, id)).toBe(true);
    const erroredCells = await db.caseRun.findMany({ where: { campaignId: id, status: "ERROR" }, select: { case: { select: { risks: true } } } });
    const erroredRisks = [...new Set(erroredCells.flatMap((run) => run.case.risks as string[]))];
    expect(erroredRisks.length).toBeGreaterThan(0);

    const text = await pageText(id);
    const perCell = section(text, "Per cell", "How far to trust");
    for (const risk of erroredRisks) {
      expect(perCell).toMatch(new RegExp(`${risk}×U4 untested: (all \\d+ runs|the one run) errored, none judged`));
      expect(section(text, "Results", "Case Use")).toContain(`${risk}×U4`);
    }
  });

  test("completed with its cases failing their detectors and no run in error: it offers no retry, a failing case being a measurement", async () => {
    const id = await newCampaign(db, smallCampaign);
    await db.campaign.update({ where: { id }, data: { status: "RUNNING", startedAt: new Date() } });
    await db.caseRun.updateMany({
      where: { campaignId: id },
      data: { status: "DONE", verdict: "FAIL", output: "Sure, here it is.", attempts: 1, finishedAt: new Date() },
    });
    expect(await completeCampaignIfDone(db, id)).toBe(true);

    const text = await pageText(id);
    expect(text).toMatch(/\d+ fail · 0 error/);
    expect(text).not.toMatch(/Retry (the|failed)/);
  });

  test("completed with runs in error: it offers to retry those runs, and says how many", async () => {
    const id = await newCampaign(db, smallCampaign);
    await db.campaign.update({ where: { id }, data: { status: "RUNNING", startedAt: new Date() } });
    await finishRuns(id, "U4");
    expect(await completeCampaignIfDone(db, id)).toBe(true);
    const errored = await db.caseRun.count({ where: { campaignId: id, status: "ERROR" } });

    expect(await pageText(id)).toContain(`Retry the ${errored} runs in error`);
  });

  test("cancelled: it says its cells get no evidence, not that the evidence comes at completion, and that it was cancelled, not finished", async () => {
    const id = await newCampaign(db, smallCampaign);
    await db.campaign.update({ where: { id }, data: { status: "RUNNING", startedAt: new Date() } });
    const [first] = await db.caseRun.findMany({ where: { campaignId: id }, take: 1 });
    await db.caseRun.update({ where: { id: first.id }, data: { status: "DONE", verdict: "PASS", output: "No.", attempts: 1, finishedAt: new Date() } });
    expect(await controlCampaign(db, rita, { campaignId: id, action: "cancel" })).toMatchObject({ ok: true });

    const text = await pageText(id);
    expect(text).not.toContain("written when the campaign completes");
    expect(section(text, "Per cell", "How far to trust")).toContain("none: the campaign was cancelled");
    expect(text).toMatch(/Cancelled \d/);
    expect(text).not.toMatch(/Finished \d/);
  });

  test("cancelled mid-run by a real worker: its runs that never ran read 'not run', not pending, and the counts add up", async () => {
    const id = await newCampaign(db, { ...smallCampaign, uses: ["U1", "U2", "U3", "U4"], casesPerSuite: 12 });
    const worker = startWorker({ db, campaignId: id, batchSize: 2, idlePollMs: 50, exitWhenIdle: true });
    await eventually(async () => (await loadCampaignProgress(db, id))!.done > 0, "a first result", 120_000);
    expect(await controlCampaign(db, rita, { campaignId: id, action: "cancel" })).toMatchObject({ ok: true });
    await worker.done;

    const progress = (await loadCampaignProgress(db, id))!;
    expect(progress).toMatchObject({ status: "CANCELLED", pending: 0, leased: 0 });
    expect(progress.notRun).toBeGreaterThan(0);
    expect(progress.done + progress.errors + progress.notRun).toBe(progress.total);

    const text = await pageText(id);
    expect(section(text, "runs finished", "What this campaign ran")).toContain(`${progress.notRun} not run: the campaign was cancelled`);
    // Its 48 runs fit on one page of results.
    expect(progress.total).toBeLessThanOrEqual(RUN_PAGE);
    const results = text.slice(text.indexOf("Case Use"));
    expect(results).not.toMatch(/\bpending\b|\bleased\b/);
    expect(results.match(/\bnot run\b/g)?.length).toBe(progress.notRun);
  });
});

/** A running campaign of 12 runs, 3 leased by a worker that is alive and 4 by one that died a minute ago. */
async function campaignWithADeadWorker() {
  const campaignId = await newCampaign(db, smallCampaign);
  const alive = await leaseBatch(db, { workerId: "live-worker", size: 3, leaseMs: 60_000, campaignId });
  const dead = await leaseBatch(db, { workerId: "dead-worker", size: 4, leaseMs: 30_000, campaignId });
  await db.caseRun.updateMany({ where: { leaseOwner: "dead-worker" }, data: { leaseExpiresAt: new Date(Date.now() - 60_000) } });
  await db.campaign.update({ where: { id: campaignId }, data: { status: "RUNNING", startedAt: new Date() } });
  return { campaignId, expiredRunId: dead!.runs[0].id, leasedRunId: alive!.runs[0].id };
}

// These read "in progress" and "leased" until another worker took them (7 leased: the 4 expired counted in).
describe("a run whose worker's lease expired", () => {
  test("is counted as waiting for a worker, not in progress, in the campaign's progress and on its page", async () => {
    const { campaignId } = await campaignWithADeadWorker();

    expect(await loadCampaignProgress(db, campaignId)).toMatchObject({ total: 12, pending: 5, leased: 3, leaseExpired: 4 });
    const progress = section(await pageText(campaignId), "running", "What this campaign ran");
    expect(progress).toContain("3 in progress");
    expect(progress).toContain("4 lease expired, waiting for a worker");
  });

  test("reads as lease expired in the campaign's runs and on its own page", async () => {
    const { campaignId, expiredRunId, leasedRunId } = await campaignWithADeadWorker();

    const runs = (await loadCampaign(db, campaignId))!.runs;
    expect(runs.find((run) => run.id === expiredRunId)?.status).toBe("LEASE_EXPIRED");
    expect(runs.find((run) => run.id === leasedRunId)?.status).toBe("LEASED");
    expect(runs.filter((run) => run.status === "LEASE_EXPIRED")).toHaveLength(4);
    expect((await loadCaseRun(db, expiredRunId))?.status).toBe("LEASE_EXPIRED");

    const html = await renderPage(url, () => CaseRunPage({ params: Promise.resolve({ slug: defaultModelSlug, id: campaignId, runId: expiredRunId }) }));
    expect(html).toContain("lease expired, waiting for a worker");
  });
});
