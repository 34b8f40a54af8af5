// The campaign worker: lease a batch, generate it in one batched call, judge each output as it
// arrives and commit it at once. A heartbeat keeps the leases alive and watches the campaign's
// status, so pause and cancel stop the batch within a third of a lease. Any number of workers, in
// any number of processes, run this loop against one database (see lease.ts).
//
// The worker outlives a database that is locked, restarting or out of connections: every query it
// makes is retried with backoff while the error is transient (lib/db/retry-transient.ts), and
// logged. Results in hand wait for the database rather than being dropped, and the heartbeat keeps
// trying at each beat, so a short outage costs nothing; a longer one lets the leases expire and
// another worker (or this one) takes the runs again. Any other error still ends the worker.
//
// A serving endpoint that cannot be reached (restarting, its gateway answering 502/503, a CDN 521-523) is an outage,
// not a failure of the cases: their runs go back unanswered, no attempt counted, and the outage is
// recorded on the campaign (serving-outage.ts), where every worker honours its wait before leasing
// that campaign's runs again and its page shows it. Once `maxOutageMs` has passed since the recorded
// start the runs fail as any failed generation does.
//
// An endpoint that is up but answers no case, the campaign's own or a counted judge's (every
// completion a server error, its model not found behind a /v1/models that lists it, another model
// answering, its quota spent (OpenAI's 429 insufficient_quota), an answer in a shape the backend
// cannot read, or a hung model timing every request out, or its gateway's 504 for each), is no outage
// to wait out, nor a fault of each case: once it has failed ENDPOINT_FAULTS_TO_PAUSE cases in a row
// with no case answered and judged between them, the campaign is paused with the reason and those
// runs go back untried. One prompt the server fails on (or is slow on) alone fails alone.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Backend } from "../../../engine/backend";
import type { DatabaseWaitWatch } from "../../db/database-wait";
import { retryTransient } from "../../db/retry-transient";
import { databaseErrorSummary, isTransientDatabaseError } from "../../db/transient-database-error";
import type { Db } from "../../db/types";
import type { Verdict } from "../../domain/verdicts";
import { campaignToRun, type CampaignToRun } from "../settings/campaign-row";
import { DEFAULT_LEASE_SIZE } from "./worker-settings";
import { caseRequest } from "./case-request";
import { commitFailure, failureWrittenByAnEarlierTry } from "./commit-result";
import { completeCampaignIfDone, completeFinishedCampaigns } from "./complete-campaign";
import { keptText } from "../../domain/kept-text";
import { judgeOutput, type CampaignModelJudge } from "../scoring/judge-output";
import { DetectorDeadlineError } from "../../detectors/detector-thread";
import { JudgeError } from "../../detectors/judge-error";
import { extendLeases, leaseBatch, markCampaignRunning, markCampaignStarted, releaseLeases, type Lease, type SentClaim } from "./lease";
import { ResultCommitter } from "./result-committer";
import { LOADING_STAMP_MS, noteModelLoaded, noteModelLoading, renewModelLoading } from "./model-loading";
import { pauseCampaign } from "./pause-campaign";
import { ServingTargetUnusable } from "./campaign-backend";
import { ServedModelWatch } from "./served-model";
import { reopenExpiredAcceptances } from "../../cells/expire-acceptances";
import { loadCampaignProgress } from "../reads/campaign-progress";
import { campaignsWaitingOutOutage, clearOutage, noteStillDown, outageInForce, recordOutage, waitsOutOutage, type OutageRecord } from "./serving-outage";

/** How often a worker reopens expired risk acceptances, so a lapsed one reopens its cell with nobody looking. */
export const ACCEPTANCE_SWEEP_MS = 60_000;

export interface WorkerOptions {
  db: Db;
  /** Opens the backend a campaign asks for; one is opened per campaign and kept while it runs. */
  openBackend: (campaign: CampaignToRun) => Promise<Backend>;
  /** Opens the campaign's model judges, none when it has none (startWorker's: openCampaignJudges); closed with the backend. */
  openJudges?: (campaign: CampaignToRun, backend: Backend) => Promise<CampaignModelJudge[]>;
  workerId?: string;
  /** Runs leased at once (default DEFAULT_LEASE_SIZE); the backend generates them as its own batch slots free up. */
  batchSize?: number;
  leaseMs?: number;
  /** How long its stamp "loading the model" holds on a campaign unless renewed (default LOADING_STAMP_MS; model-loading.ts). */
  loadingStampMs?: number;
  /** Tries per run before it is recorded as an error (generation failures and dead workers alike). */
  maxAttempts?: number;
  /** The first wait after a campaign's endpoint could not be reached (default 2 s); later ones are as long as it has been down, up to a minute. */
  outageWaitMs?: number;
  /** How long an endpoint may stay unreachable before its runs fail instead of waiting (default 10 minutes; 0: at once). */
  maxOutageMs?: number;
  /** How long the pure detectors may take over one output before they are stopped and the run's attempt fails (default DEFAULT_DETECTOR_DEADLINE_MS). */
  detectorDeadlineMs?: number;
  /** Work only on this campaign. */
  campaignId?: string;
  /** Return once no active campaign (or the given one) has runs waiting or leased. */
  exitWhenIdle?: boolean;
  idlePollMs?: number;
  /** Stops the worker: the batch in hand is handed back, not lost. */
  signal?: AbortSignal;
  onResult?: (event: { campaignId: string; runId: string; verdict: Verdict }) => void;
  onLog?: (message: string) => void;
  /** Told of each transient database failure and each answer, where onLog has a line per retry (campaign run's one-line notice). */
  databaseWatch?: DatabaseWaitWatch;
}

export interface WorkerSummary {
  workerId: string;
  committed: number;
  /** Attempts that failed: each put its run back in the queue or, at its last attempt, ended it in error. */
  failed: number;
  /** Results and failures that came after the lease had passed to another worker, or after the campaign was cancelled, and so not written. */
  discarded: number;
  /** Time spent opening campaigns: loading their models and judges (this engine: minutes on a real checkpoint), not generating. */
  openingMs: number;
}

/** Different cases an endpoint fails in a row (endpointFault) before its campaign is paused: more than one prompt the server crashes on. */
const ENDPOINT_FAULTS_TO_PAUSE = 3;

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

export async function runWorker(options: WorkerOptions): Promise<WorkerSummary> {
  const { db } = options;
  const workerId = options.workerId ?? newWorkerId();
  const leaseMs = options.leaseMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 3;
  const loadingStampMs = options.loadingStampMs ?? LOADING_STAMP_MS;
  const summary: WorkerSummary = { workerId, committed: 0, failed: 0, discarded: 0, openingMs: 0 };
  const backends = new Map<string, { campaign: CampaignToRun; backend: Backend; judges: CampaignModelJudge[] }>();
  const log = options.onLog ?? (() => {});
  const watch = options.databaseWatch;
  const retrying = <T>(what: string, operation: () => Promise<T>) => retryTransient(operation, { what, log, signal: options.signal, watch });
  /** A lease is renewed a third of the way through, so two beats may fail or come late before it lapses. */
  const renewEveryMs = Math.max(50, Math.floor(leaseMs / 3));
  const outageWaitMs = options.outageWaitMs ?? 2_000;
  const maxOutageMs = options.maxOutageMs ?? 10 * 60_000;

  // Batches in flight at once: one at a time for a backend that wants no more (this engine: its
  // batch is the lease), several for an endpoint that keeps hundreds in flight (inFlightWanted):
  // a lease more than it takes now is kept in hand, so that when its limit grows at a first token
  // there is a request to send, and the next lease is taken as first tokens and answers arrive,
  // never waiting for the last of a batch.
  const batches = new Set<Promise<void>>();
  const servedModel = new ServedModelWatch(db, log);
  /**
   * Per campaign, the cases its endpoint failed in a row (endpointFault) since it last answered one: cases, not runs,
   * for a case's repeats are one prompt, leased together, and a prompt the server crashes on fails each of them.
   */
  const endpointFaults = new Map<string, Set<string>>();
  /** Runs leased and not yet answered, across the batches in flight. */
  let unanswered = 0;
  let batchFailure = null as { error: unknown } | null;
  let wake: (() => void) | null = null;
  let acceptancesSweptAt = Number.NEGATIVE_INFINITY;
  const progressed = () => wake?.();
  const nextProgress = () => new Promise<void>((resolve) => (wake = resolve));
  const wanted = () => Math.max(0, ...[...backends.values()].map((open) => open.backend.inFlightWanted ?? 0)) + (options.batchSize ?? DEFAULT_LEASE_SIZE);

  try {
    while (!options.signal?.aborted) {
      if (batchFailure) throw batchFailure.error;
      if (Date.now() - acceptancesSweptAt >= ACCEPTANCE_SWEEP_MS) {
        acceptancesSweptAt = Date.now();
        const reopened = await retrying("reopening expired risk acceptances", () => reopenExpiredAcceptances(db));
        if (reopened > 0) log(`${reopened} expired risk acceptance(s) reopened`);
      }
      if (batches.size > 0 && unanswered >= wanted()) {
        await nextProgress();
        continue;
      }
      // What an endpoint lacks in one lease, not a string of small ones: the answers of requests
      // sent together end together, and the places they free should not wait on a lease each.
      const size = Math.max(options.batchSize ?? DEFAULT_LEASE_SIZE, wanted() - unanswered);
      const sentClaims: SentClaim[] = [];
      const lease = await retrying("leasing runs", () => leaseBatch(db, { workerId, size, leaseMs, campaignId: options.campaignId, maxAttempts, sentClaims }));
      if (!lease && batches.size > 0) {
        // Nothing waiting now; runs of a batch that fails may come back.
        await Promise.race(batches);
        continue;
      }
      if (!lease) {
        for (const id of await retrying("completing finished campaigns", () => completeFinishedCampaigns(db))) log(`campaign ${id} completed`);
        // Nothing to run anywhere: let go of the models rather than hold them while idle, except
        // those of campaigns whose runs only wait for their endpoint to come back.
        const waiting = await retrying("looking for campaigns waiting out an outage", () => campaignsWaitingOutOutage(db, [...backends.keys()]));
        for (const [id, models] of backends) {
          if (waiting.has(id)) continue;
          await closeModels(models);
          backends.delete(id);
        }
        if (options.exitWhenIdle && !(await retrying("looking for work", () => hasOutstandingWork(db, options.campaignId)))) break;
        await sleep(options.idlePollMs ?? 1000, options.signal);
        continue;
      }
      // Opening a campaign may load a model: reading its weights and building its graphs take this
      // thread, so no heartbeat could keep a lease alive meanwhile (minutes on a real checkpoint). Its
      // runs go back first, their attempt uncounted, for another worker to take now or this one once
      // open; and before a model is loaded here the batches in flight (an endpoint's campaign) finish,
      // their leases with them. An endpoint's campaign opens without waiting: that takes no thread.
      const open = backends.get(lease.campaignId);
      if (!open) {
        await retrying("handing back runs while the campaign opens", () =>
          releaseLeases(
            db,
            workerId,
            lease.runs.map((run) => run.id),
          ),
        );
        const campaign = await retrying(`reading campaign ${lease.campaignId}`, () => readCampaign(lease.campaignId));
        if (loadsModelHere(campaign)) await Promise.all(batches);
        if (batchFailure) continue;
        const openingSince = Date.now();
        const opened = await retrying(`opening campaign ${lease.campaignId}`, () => openCampaign(campaign)).catch((error: unknown) => {
          if (error instanceof ServingTargetUnusable) return error;
          throw error;
        });
        summary.openingMs += Date.now() - openingSince;
        if (opened instanceof ServingTargetUnusable) {
          // Every worker would be refused the same: its runs (handed back above, untried) wait for a reviewer, not fail.
          const reason = `${opened.message}. The campaign is paused rather than fail every run; resume it once the target is configured again, or start a new campaign on another target.`;
          await retrying(`pausing campaign ${lease.campaignId}`, () => pauseCampaign(db, lease.campaignId, reason));
          log(`campaign ${lease.campaignId}: ${reason}`);
          continue;
        }
        backends.set(lease.campaignId, opened);
        continue;
      }
      // An endpoint may be slow to say what it serves: the lease is kept alive meanwhile.
      const served = await holdingLease(lease, () =>
        retrying(`asking which model campaign ${lease.campaignId} is served by`, () => servedModel.check(open.campaign, open.backend, open.judges)),
      );
      if (!served.ok) {
        // The campaign is paused: its batches in flight stop at their next heartbeat.
        await retrying("handing back unfinished runs", () =>
          releaseLeases(
            db,
            workerId,
            lease.runs.map((run) => run.id),
          ),
        );
        continue;
      }
      const batch = runAndComplete(open, lease)
        .catch((error) => {
          batchFailure ??= { error };
        })
        .finally(() => {
          batches.delete(batch);
          progressed();
        });
      batches.add(batch);
      if (!open.backend.inFlightWanted) await batch;
    }
    if (batchFailure) throw batchFailure.error;
  } catch (error) {
    // Told to stop while the database was away: what this worker held expires and is taken again.
    if (!(options.signal?.aborted && isTransientDatabaseError(error))) throw error;
    log("stopped before the database answered: the runs still leased to this worker go back when their leases expire");
  } finally {
    await Promise.all(batches);
    for (const models of backends.values()) await closeModels(models);
  }
  return summary;

  async function noteOutage(campaignId: string, target: string, summary: string, runs: number) {
    const outage = await retrying(`recording the outage of campaign ${campaignId}'s endpoint`, () =>
      recordOutage(db, campaignId, { target, reason: summary, firstWaitMs: outageWaitMs, maxOutageMs }),
    );
    if (!outage) return;
    const left = Math.max(0, Math.ceil((outage.since.getTime() + maxOutageMs - Date.now()) / 1000));
    log(
      `campaign ${campaignId}: serving target ${target}: ${summary}; ${runs} run${runs === 1 ? "" : "s"} handed back unanswered, next try in ${Math.ceil(outage.waitMs / 1000)} s (runs fail instead once it has been unreachable ${Math.round(maxOutageMs / 1000)} s, ${left} s from now)`,
    );
  }

  /**
   * A failed attempt at a run, written; one the write refuses (the lease passed on, the campaign
   * cancelled) is neither a failure nor a result: discarded, as a refused result is. True when written.
   */
  async function recordFailure(runId: string, message: string, attempts: number, detail: string | null = null): Promise<boolean> {
    let tries = 0;
    const lastTry = await retrying("recording a failed run", () => {
      tries++;
      return commitFailure(db, workerId, runId, message, attempts, maxAttempts, detail);
    });
    // A try the database committed, whose answer an outage cut, leaves the next finding the run no longer leased.
    const written =
      lastTry ||
      (tries > 1 && (await retrying("reading back a failed run", () => failureWrittenByAnEarlierTry(db, workerId, runId, message, attempts, maxAttempts))));
    if (written) summary.failed++;
    else summary.discarded++;
    return written;
  }

  /** `work`'s result, the lease's runs kept leased while it runs, a beat at a time as the batch's heartbeat beats. */
  async function holdingLease<T>(lease: Lease, work: () => Promise<T>): Promise<T> {
    const ids = lease.runs.map((run) => run.id);
    let beating = false;
    const heartbeat = setInterval(() => {
      if (beating) return;
      beating = true;
      extendLeases(db, workerId, ids, leaseMs)
        .catch((error) => log(`heartbeat failed, the next beat tries again: ${isTransientDatabaseError(error) ? databaseErrorSummary(error) : error}`))
        .finally(() => (beating = false));
    }, renewEveryMs);
    try {
      return await work();
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function runAndComplete(open: { campaign: CampaignToRun; backend: Backend; judges: CampaignModelJudge[] }, lease: Lease) {
    await runBatch(open.campaign, open.backend, lease, open.judges);
    // The log's account of how far the campaign has got (a long run otherwise logs nothing between start and stop);
    // a read that fails here only leaves out a line.
    const progress = await loadCampaignProgress(db, lease.campaignId).catch(() => null);
    if (progress) log(`campaign ${lease.campaignId}: ${progress.done + progress.errors}/${progress.total} runs finished`);
    // The model must still be the one recorded, or this batch's results may be another's.
    if (!(await retrying(`asking which model campaign ${lease.campaignId} is served by`, () => servedModel.check(open.campaign, open.backend, open.judges))).ok)
      return;
    // Checked after every batch, full or not: the next lease is another campaign's turn, so
    // waiting for a lease to find nothing would hold a finished campaign until all work is done.
    if (await retrying(`completing campaign ${lease.campaignId}`, () => completeCampaignIfDone(db, lease.campaignId))) {
      log(`campaign ${lease.campaignId} completed`);
      if (backends.get(lease.campaignId) === open) backends.delete(lease.campaignId);
      await closeModels(open);
    }
  }

  /** The one place a worker reads the campaign's settings: everything else is handed them. */
  async function readCampaign(id: string) {
    return campaignToRun(await db.campaign.findUniqueOrThrow({ where: { id } }));
  }

  async function openCampaign(campaign: CampaignToRun) {
    await markCampaignRunning(db, campaign.id);
    // The load holds this thread, so the campaign says it loads while it does: nothing else here can speak meanwhile.
    const loads = loadsModelHere(campaign);
    const loadingSince = new Date();
    if (loads) await noteModelLoading(db, campaign.id, workerId, loadingSince, loadingStampMs);
    // Renewed as a lease is, a third of the way through: a beat lands between the load's steps, and
    // a worker killed mid-load stops renewing, its stamp then reading as no load (model-loading.ts).
    let renewing = false;
    const renewal = loads
      ? setInterval(
          () => {
            if (renewing) return;
            renewing = true;
            renewModelLoading(db, campaign.id, workerId, loadingSince, loadingStampMs)
              .catch((error) =>
                log(
                  `renewing the model's loading stamp failed, the next beat tries again: ${isTransientDatabaseError(error) ? databaseErrorSummary(error) : error}`,
                ),
              )
              .finally(() => (renewing = false));
          },
          Math.max(50, Math.floor(loadingStampMs / 3)),
        )
      : undefined;
    try {
      const backend = await options.openBackend(campaign);
      let judges: CampaignModelJudge[];
      try {
        judges = (await options.openJudges?.(campaign, backend)) ?? [];
      } catch (error) {
        await backend.close();
        throw error;
      }
      await markCampaignStarted(db, campaign.id, new Date());
      return { campaign, backend, judges };
    } finally {
      clearInterval(renewal);
      if (loads) await noteModelLoaded(db, campaign.id);
    }
  }

  async function runBatch(campaign: CampaignToRun, backend: Backend, lease: Lease, judges: CampaignModelJudge[]) {
    const held = new Map(lease.runs.map((run) => [run.id, run]));
    let waiting = held.size;
    unanswered += waiting;
    const answeredOne = () => {
      waiting--;
      unanswered--;
      progressed();
    };
    try {
      await generateBatch(campaign, backend, held, lease.outage, judges, answeredOne, lease.expiresAt.getTime() - leaseMs);
    } finally {
      unanswered -= waiting;
    }
  }

  async function generateBatch(
    campaign: CampaignToRun,
    backend: Backend,
    held: Map<string, Lease["runs"][number]>,
    /** The outage of the campaign's endpoint recorded as this batch was leased. */
    outage: OutageRecord,
    judges: CampaignModelJudge[],
    answeredOne: () => void,
    /** When the batch's leases were last pushed on (leased, or renewed while the campaign was checked). */
    renewedBefore: number,
  ) {
    if (backend.modelRevision !== campaign.modelRevision) {
      const message = `this worker's model revision ${backend.modelRevision} is not the campaign's ${campaign.modelRevision}`;
      for (const run of held.values()) await recordFailure(run.id, message, maxAttempts);
      return;
    }
    const stop = new AbortController();
    const onStop = () => stop.abort();
    let renewedAt = renewedBefore;
    options.signal?.addEventListener("abort", onStop);
    // A failed beat is not retried on its own: the next beat is the retry. One beat at a time, so
    // beats waiting on a locked database do not pile up and take every connection.
    let beating = false;
    const heartbeat = setInterval(() => {
      if (beating) return;
      beating = true;
      beat()
        .then(() => watch?.answered())
        .catch((error) => {
          if (isTransientDatabaseError(error)) watch?.failed(error);
          log(`heartbeat failed, the next beat tries again: ${isTransientDatabaseError(error) ? databaseErrorSummary(error) : error}`);
        })
        .finally(() => (beating = false));
    }, renewEveryMs);
    async function beat() {
      // None of its runs still leased to this worker (a pause or cancel handed them back, and the campaign
      // may be running again by now): another worker may take them, so generating them here is for nothing.
      if ((await renewLeases()) === 0 && held.size > 0) stop.abort();
      const status = await db.campaign.findUnique({ where: { id: campaign.id }, select: { status: true } });
      if (status?.status !== "RUNNING" && status?.status !== "QUEUED") stop.abort();
    }
    /** Pushes on the leases of the batch's runs still held; gives how many this worker still holds. */
    async function renewLeases() {
      const at = Date.now();
      const renewed = await extendLeases(db, workerId, [...held.keys()], leaseMs);
      renewedAt = Math.max(renewedAt, at);
      return renewed;
    }
    /**
     * Outputs that finish together are judged one after another with no turn for the heartbeat's timer
     * between them, and judging one may take its time (a detector's first text, a busy machine): the
     * loop renews the leases itself before each output once a beat is due. A failure is the heartbeat's to retry.
     */
    async function renewLeasesIfDue() {
      if (Date.now() - renewedAt < renewEveryMs) return;
      await renewLeases().catch((error) =>
        log(`renewing leases failed, the next beat tries again: ${isTransientDatabaseError(error) ? databaseErrorSummary(error) : error}`),
      );
    }

    /** Results the database refused for good: each counts as a failed attempt (below), or it would be generated for ever. */
    const refused = new Map<string, unknown>();
    const committer = new ResultCommitter(
      db,
      workerId,
      { log, signal: options.signal, watch },
      (runId, result, written) => {
        held.delete(runId);
        if (!written) return void summary.discarded++;
        summary.committed++;
        options.onResult?.({ campaignId: campaign.id, runId, verdict: result.verdict });
      },
      (runId, error) => refused.set(runId, error),
    );
    const answered = new Set<string>();
    const started = new Set<string>();
    /** An outage was recorded when the batch was leased (in force or abandoned): the first answer clears it. */
    let outageToClear = outage.outageSince !== null;
    const outageSince = outageInForce(outage);
    /** Past its patience, whether the endpoint was still found down. */
    let stillDown = false;
    /** Runs handed back because the endpoint could not be reached, and what the last of them said. */
    let unreachableRuns = 0;
    let unreachableSummary = "";
    /** The serving target of the last of them: the campaign's own, or a judge's. */
    let unreachableTarget = "";
    const ownTarget = campaign.backend.kind === "openai" ? campaign.backend.target : "";
    const faultsInARow = endpointFaults.get(campaign.id) ?? new Set<string>();
    endpointFaults.set(campaign.id, faultsInARow);
    /** Runs of this batch failed by an endpoint fault, held until it is known whether the endpoint answers anything. */
    const faulted = new Map<string, { message: string; detail: string | null }>();
    let paused = false;
    const commitFailed = async (run: Lease["runs"][number], message: string, detail: string | null) => {
      held.delete(run.id);
      if (await recordFailure(run.id, message, run.attempts, detail)) options.onResult?.({ campaignId: campaign.id, runId: run.id, verdict: "ERROR" });
    };
    /**
     * Holds a run that `target`'s endpoint failed as no case's fault; once it has so failed ENDPOINT_FAULTS_TO_PAUSE
     * cases in a row, pauses the campaign saying why, and is true: the batch stops, its runs handed back untried.
     */
    const endpointFailed = async (run: Lease["runs"][number], target: string, message: string, detail: string | null, said: string) => {
      faulted.set(run.id, { message, detail });
      faultsInARow.add(run.caseId);
      if (faultsInARow.size < ENDPOINT_FAULTS_TO_PAUSE) return false;
      const reason =
        `serving target "${target}" failed ${faultsInARow.size} cases in a row, answering none between them: ${message}. ` +
        "The endpoint is up but answers no case, so the campaign is paused rather than fail every case; resume it once the endpoint answers completions.";
      await retrying(`pausing campaign ${campaign.id}`, () => pauseCampaign(db, campaign.id, reason));
      log(`${reason} The endpoint said: ${said}`);
      faultsInARow.clear();
      paused = true;
      return true;
    };
    // A first token may have raised the backend's limit: time to lease more.
    const onToken = (id: string) => {
      if (started.has(id)) return;
      started.add(id);
      progressed();
    };
    try {
      const requests = [...held.values()].map((run) => caseRequest(run, campaign.sampling));
      for await (const output of backend.generate(requests, { signal: stop.signal, ...(backend.inFlightWanted ? { onToken } : {}) })) {
        if (stop.signal.aborted) break;
        const run = held.get(output.id);
        if (!run || answered.has(run.id)) continue;
        await renewLeasesIfDue();
        answered.add(run.id);
        answeredOne();
        if (output.unreachable && waitsOutOutage(outageSince, maxOutageMs)) {
          // Held still: handed back below with the attempt uncounted.
          unreachableRuns++;
          unreachableSummary = output.errorSummary ?? "the endpoint could not be reached";
          unreachableTarget = ownTarget;
          continue;
        }
        if (output.unreachable) stillDown = true;
        if (output.error || output.finishReason === "error") {
          // An endpoint's own words and address go to errorDetail, which only admins read.
          const message = output.errorSummary ?? output.error ?? "generation failed";
          const detail = output.errorSummary ? (output.error ?? null) : null;
          if (!output.endpointFault) {
            await commitFailed(run, message, detail);
            continue;
          }
          if (await endpointFailed(run, ownTarget, message, detail, output.error ?? message)) break;
          continue;
        }
        // What is judged is what is kept: NUL as ␀ on SQLite and PostgreSQL alike (kept-text.ts).
        const kept = { ...output, text: keptText(output.text) };
        let judgement: Awaited<ReturnType<typeof judgeOutput>>;
        try {
          // Judged as the run was made (its own copy of what it asks and expects), not as its case reads now.
          const made = {
            key: run.case.key,
            systemPrompt: run.systemPrompt,
            turns: run.turns,
            language: run.language,
            expected: run.expected,
            detectors: run.detectors,
          };
          judgement = await judgeOutput(kept.text, made, judges, campaign.verdictRule, options.detectorDeadlineMs);
        } catch (error) {
          const judgeTarget = unreachableJudgeTarget(error, judges);
          if (judgeTarget && waitsOutOutage(outageSince, maxOutageMs)) {
            // Held still, as a run whose model could not be reached: handed back below, its attempt uncounted.
            unreachableRuns++;
            unreachableSummary = (error as JudgeError).reason;
            unreachableTarget = judgeTarget;
            continue;
          }
          if (judgeTarget) stillDown = true;
          const faultyJudgeTarget = endpointFaultJudgeTarget(error, judges);
          if (faultyJudgeTarget) {
            const message = `judging failed: ${error}`;
            if (await endpointFailed(run, faultyJudgeTarget, message, null, message)) break;
            continue;
          }
          // A detector that throws on this output, or runs past the deadline, would again: count it as a failed attempt.
          held.delete(run.id);
          await recordFailure(run.id, `judging failed: ${error instanceof DetectorDeadlineError ? error.message : error}`, run.attempts);
          continue;
        }
        // Answered and judged: every endpoint the run needs answers (the outage may have been a judge's).
        faultsInARow.clear();
        if (outageToClear) {
          outageToClear = false;
          await retrying(`clearing the outage of campaign ${campaign.id}'s endpoint`, () => clearOutage(db, campaign.id));
        }
        committer.add(run.id, { output: kept, ...judgement });
      }
      await committer.drain();
      // Not paused nor stopped: those the endpoint failed are failed runs, as any other failure. Paused by another of
      // the campaign's batches in flight (or another worker) since this one's last beat, they go back untried too.
      const stillRuns = async () => {
        const { status } = await retrying(`reading campaign ${campaign.id}'s status`, () =>
          db.campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { status: true } }),
        );
        return status === "RUNNING" || status === "QUEUED";
      };
      if (!paused && !stop.signal.aborted && faulted.size > 0 && (await stillRuns()))
        for (const [runId, { message, detail }] of faulted) await commitFailed(held.get(runId)!, message, detail);
      if (unreachableRuns > 0) await noteOutage(campaign.id, unreachableTarget, unreachableSummary, unreachableRuns);
      const since = outageSince;
      if (stillDown && since) await retrying(`noting campaign ${campaign.id}'s endpoint still down`, () => noteStillDown(db, campaign.id, since));
    } catch (error) {
      await committer.drain().catch(() => {});
      if (!stop.signal.aborted) {
        // The backend itself broke: every run not yet answered goes back for another try.
        const unanswered = [...held.values()].filter((run) => !answered.has(run.id));
        for (const run of unanswered) await recordFailure(run.id, String(error), run.attempts);
        for (const run of unanswered) held.delete(run.id);
      }
    } finally {
      await committer.drain().catch((error) => log(`results not written, their leases will expire: ${error}`));
      for (const [runId, error] of refused) {
        const run = held.get(runId);
        if (!run) continue;
        const reason = `the database refused its result: ${databaseErrorSummary(error)}`;
        log(`run ${runId}: ${reason}`);
        await recordFailure(runId, reason, run.attempts);
        held.delete(runId);
      }
      clearInterval(heartbeat);
      options.signal?.removeEventListener("abort", onStop);
      // Paused, cancelled or shutting down: what was not answered is handed back, not lost.
      await retrying("handing back unfinished runs", () => releaseLeases(db, workerId, [...held.keys()]));
    }
  }
}

/** Whether opening the campaign loads a model into this engine, its own or a judge's. */
function loadsModelHere(campaign: CampaignToRun): boolean {
  return campaign.backend.kind === "local" || campaign.judges.some((judge) => judge.kind === "local");
}

/** A campaign's backend and its judges: opened together for its first batch here, closed together. */
async function closeModels(models: { backend: Backend; judges: CampaignModelJudge[] }) {
  await models.backend.close();
  for (const judge of models.judges) await judge.backend.close();
}

async function hasOutstandingWork(db: Db, campaignId?: string): Promise<boolean> {
  const outstanding = await db.caseRun.count({
    where: {
      status: { in: ["PENDING", "LEASED"] },
      campaign: { status: { in: ["QUEUED", "RUNNING"] }, ...(campaignId ? { id: campaignId } : {}) },
    },
  });
  return outstanding > 0;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}

/** The serving target of the counted judge whose endpoint could not be reached, when that is why judging failed. */
function unreachableJudgeTarget(error: unknown, judges: readonly CampaignModelJudge[]): string | null {
  if (!(error instanceof JudgeError) || !error.unreachable) return null;
  return targetOfJudge(error, judges);
}

/** The serving target of the counted judge whose endpoint failed as no case's fault (endpointFault), when that is why judging failed. */
function endpointFaultJudgeTarget(error: unknown, judges: readonly CampaignModelJudge[]): string | null {
  if (!(error instanceof JudgeError) || !error.endpointFault) return null;
  return targetOfJudge(error, judges);
}

function targetOfJudge(error: JudgeError, judges: readonly CampaignModelJudge[]): string | null {
  return judges.find(({ detector }) => `${detector.name}@${detector.version}` === error.detector)?.target ?? null;
}
