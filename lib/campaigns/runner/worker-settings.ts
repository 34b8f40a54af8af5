// How a worker process runs, in one schema for `npm run worker` and `campaign run`: flags arrive
// as strings, and a typo must stop the worker with the flag's name rather than lease NaN runs.
import { z } from "zod";
import { MAX_SILENCE_MS } from "../../../engine/openai-backend";
import { DEFAULT_DETECTOR_DEADLINE_MS } from "../../detectors/detector-thread";
import type { Db } from "../../db/types";
import { namedNumber, numberOrDecimalText } from "../../domain/named-number";
import { recordId } from "../../domain/record-id";

/**
 * Leasing 32 at a time costs a third of leasing 8 per case (bench/campaign) while the engine still
 * decodes 8 together; a bigger lease only delays the last runs of a campaign shared by many workers.
 */
export const DEFAULT_LEASE_SIZE = 32;

/** Sequences the local engine decodes together; leased runs beyond it wait for a free slot. */
export const DEFAULT_ENGINE_BATCH = 8;

export const workerSettingsSchema = z.object({
  batch: numberOrDecimalText(namedNumber("the runs leased at once").int().min(1).max(1024)).default(DEFAULT_LEASE_SIZE),
  "engine-batch": numberOrDecimalText(namedNumber("the sequences decoded together").int().min(1).max(256)).default(DEFAULT_ENGINE_BATCH),
  /** A day at most: the lease is renewed every third of it, and a timer past Node's longest (about 24.8 days) fires every millisecond. */
  "lease-ms": numberOrDecimalText(namedNumber("the lease in milliseconds").int().min(100).max(86_400_000)).default(30_000),
  /** Seconds a serving endpoint may stay unreachable before its runs fail instead of waiting for it (0: at once). */
  "max-outage": numberOrDecimalText(namedNumber("the longest outage in seconds").int().min(0).max(86_400)).default(600),
  /** Seconds a serving endpoint may stay silent on one request (before its answer begins, or mid-stream); one that sends nothing in that time, and answers nothing else either, counts as unreachable. */
  "request-timeout": numberOrDecimalText(
    namedNumber("the request time-out in seconds")
      .int()
      .min(1)
      .max(MAX_SILENCE_MS / 1000, {
        error: `at most ${MAX_SILENCE_MS / 1000} s: Node's fetch gives up on a connection silent that long, so a longer time-out would never fire (a slow answer would be taken for an endpoint down)`,
      }),
  ).default(120),
  /** Seconds the detectors may take over one output before they are stopped and the run's attempt fails (lib/detectors/detector-thread.ts). */
  "detector-deadline": numberOrDecimalText(namedNumber("the detectors' deadline in seconds").int().min(1).max(3_600)).default(
    DEFAULT_DETECTOR_DEADLINE_MS / 1000,
  ),
  /** Work on this campaign alone; an empty one would mean every campaign. */
  campaign: recordId("the campaign's id").optional(),
});
export type WorkerSettings = z.infer<typeof workerSettingsSchema>;

/** The settings, or a message naming each bad flag (e.g. "--batch: the runs leased at once must be a number"). */
export function parseWorkerSettings(flags: Record<string, unknown>): { ok: true; settings: WorkerSettings } | { ok: false; message: string } {
  const parsed = workerSettingsSchema.safeParse(flags);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return { ok: false, message: parsed.error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`).join("; ") };
}

/**
 * Why a worker cannot be given this campaign to work on alone, or null: an id no campaign has (a typo,
 * another database's) or a cancelled campaign would have it wait for ever for runs that never come.
 * A completed one may be retried, so a worker may wait for it.
 */
export async function workerCampaignProblem(db: Db, campaignId: string): Promise<string | null> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { status: true } });
  if (!campaign) return `no campaign has the id ${JSON.stringify(campaignId)}`;
  if (campaign.status === "CANCELLED") return `campaign ${campaignId} was cancelled: it has nothing left to run`;
  return null;
}
