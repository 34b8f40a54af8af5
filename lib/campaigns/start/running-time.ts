// How long a campaign has run, the time its rate and time left are measured over: from its first
// lease, once the worker that took it had its models loaded (startedAt), to its end or now, less
// the time it stood still. It stands still while paused (pausedAt, until a resume, a retry or a
// cancel) and while completed, until a "retry failed" puts runs back; each such stretch is added
// to idleSeconds as it ends. Neither the time before the first lease nor the model's load is part
// of it: a queued campaign paused and resumed starts when a worker has taken a run and can generate it.

export interface CampaignClock {
  startedAt: Date | null;
  pausedAt: Date | null;
  idleSeconds: number;
}

/** idleSeconds once a stretch of standing still that began at `since` (a pause, a completion) ends at `now`. */
export function idleSecondsAfter(campaign: CampaignClock, since: Date | null, now: Date): number {
  if (!campaign.startedAt || !since) return campaign.idleSeconds;
  const from = Math.max(since.getTime(), campaign.startedAt.getTime());
  return campaign.idleSeconds + Math.max(0, now.getTime() - from) / 1000;
}

/** Seconds the campaign has run by `end` (its finish, or now); 0 before its first lease's models are loaded. */
export function runningSeconds(campaign: CampaignClock, end: Date): number {
  if (!campaign.startedAt) return 0;
  const stoodStill = idleSecondsAfter(campaign, campaign.pausedAt, end);
  return Math.max(0, (end.getTime() - campaign.startedAt.getTime()) / 1000 - stoodStill);
}
