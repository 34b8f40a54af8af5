// One campaign worker inside a process: the app's start command runs one beside the server,
// `npm run worker` runs more, and `campaign run` runs one in-process. stop() hands the batch in
// hand back to the queue and resolves when the worker has let go of everything.
import { getDb } from "../db/client";
import type { Db } from "../db/types";
import { openCampaignBackend } from "./campaign-backend";
import { newWorkerId, runWorker, type WorkerOptions, type WorkerSummary } from "./worker";

export interface StartWorkerOptions extends Partial<Omit<WorkerOptions, "db" | "signal">> {
  /** Defaults to getDb() (DATABASE_URL). */
  db?: Db;
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
  const batchSize = options.batchSize ?? 8;
  const done = runWorker({
    ...options,
    db,
    workerId,
    batchSize,
    signal: controller.signal,
    // Decode the whole leased batch together.
    openBackend: options.openBackend ?? ((campaign) => openCampaignBackend(db, campaign, { maxBatch: batchSize })),
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
