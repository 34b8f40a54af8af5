// A run's state as a campaign's pages and the CLI read it: the stored status, except that a run left
// waiting or leased when its campaign was cancelled will never run (no action leaves a cancelled
// campaign, and no worker leases its runs), so it reads as not run rather than pending; and a run
// whose lease expired (its worker died or stalled) is in nobody's hands: it waits for a worker to
// take it again (lease.ts claimable), so it reads as such rather than in progress.
import type { CaseRunStatus } from "../../db/generated/sqlite/client";

export type RunState = CaseRunStatus | "NOT_RUN" | "LEASE_EXPIRED";

export function runState(campaignStatus: string, runStatus: CaseRunStatus, leaseExpiresAt: Date | null = null, now = new Date()): RunState {
  if (campaignStatus === "CANCELLED" && (runStatus === "PENDING" || runStatus === "LEASED")) return "NOT_RUN";
  if (runStatus === "LEASED" && leaseExpiresAt !== null && leaseExpiresAt < now) return "LEASE_EXPIRED";
  return runStatus;
}
