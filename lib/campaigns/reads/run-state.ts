// A run's state as a campaign's pages and the CLI read it: the stored status, except that a run left
// waiting or leased when its campaign was cancelled will never run (no action leaves a cancelled
// campaign, and no worker leases its runs), so it reads as not run rather than pending.
import type { CaseRunStatus } from "../../db/generated/sqlite/client";

export type RunState = CaseRunStatus | "NOT_RUN";

export function runState(campaignStatus: string, runStatus: CaseRunStatus): RunState {
  return campaignStatus === "CANCELLED" && (runStatus === "PENDING" || runStatus === "LEASED") ? "NOT_RUN" : runStatus;
}
