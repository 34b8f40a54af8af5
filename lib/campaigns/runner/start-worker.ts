// One campaign worker inside a process: the app's start command runs one beside the server,
// `npm run worker` runs more, and `campaign run` runs one in-process. stop() hands the batch in
// hand back to the queue and resolves when the worker has let go of everything.
import { getDb } from "../../db/client";
import type { Db } from "../../db/types";
import { type EndpointRequestOptions, openCampaignBackend, openCampaignJudges } from "./campaign-backend";
import { SharedEngines } from "./shared-engines";
import { newWorkerId, runWorker, type WorkerOptions, type WorkerSummary } from "./worker";
import { DEFAULT_ENGINE_BATCH, DEFAULT_LEASE_SIZE } from "./worker-settings";

export interface StartWorkerOptions extends Partial<Omit<WorkerOptions, "db" | "signal">>, EndpointRequestOptions {
  /** Defaults to getDb() (DATABASE_URL). */
  db?: Db;
  /** The local engine's batch (default DEFAULT_ENGINE_BATCH), at most the lease size. */
  engineBatch?: number;
}

export interface StartedWorker {
  workerId: string;
  /** Resolves when the worker returns (idle with exitWhenIdle, or after stop()). */
  done: Promise<WorkerSummary>;
  stop(): Promise<WorkerSummary>;
}

export function startWorker(options: StartWorkerOptions = {}): StartedWorker {
  const db = options.db ?? getDb();
  const workerId = options.workerId ?? newWorkerId();
  const controller = new AbortController();
  const batchSize = options.batchSize ?? DEFAULT_LEASE_SIZE;
  const maxBatch = Math.min(options.engineBatch ?? DEFAULT_ENGINE_BATCH, batchSize);
  const engines = new SharedEngines();
  // A serving endpoint's requests, the campaign's and its judges', are timed alike (defaults: the openai backend's).
  const endpointRequests = { requestTimeoutMs: options.requestTimeoutMs, requestBackoffMs: options.requestBackoffMs };
  const done = runWorker({
    ...options,
    db,
    workerId,
    batchSize,
    signal: controller.signal,
    openBackend: options.openBackend ?? ((campaign) => openCampaignBackend(db, campaign, engines, { maxBatch, ...endpointRequests })),
    openJudges: options.openJudges ?? ((campaign, backend) => openCampaignJudges(db, campaign, backend, engines, endpointRequests)),
  });
  return {
    workerId,
    done,
    stop() {
      controller.abort();
      return done;
    },
  };
}
