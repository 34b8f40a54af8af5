// Workers share a campaign's CaseRuns through leases held in the database itself, so any number
// of processes on any number of machines can work on one campaign with SQLite or PostgreSQL and
// no other coordinator. Every claim is one conditional UPDATE: the database decides who got a
// run, and a run whose lease expired (its worker died) is claimable again. Campaigns take turns:
// a lease goes to the campaign with work that was leased from longest ago (never leased first),
// and stamps it; the stamp only orders the turns, so two workers stamping at once lose nothing. A
// campaign waiting out an outage of its serving endpoint (serving-outage.ts) is not leased before
// its recorded retry time, by any worker.
import type { Db, DbTransaction } from "../../db/types";
import type { OutageRecord } from "./serving-outage";

export interface LeaseOptions {
  workerId: string;
  /** Most runs to claim at once: the engine's batch. */
  size: number;
  leaseMs: number;
  /** Lease only from this campaign; absent means the campaign whose turn it is. */
  campaignId?: string;
  /** A run whose lease expired this many times (its worker keeps dying on it) is given up. */
  maxAttempts?: number;
  /**
   * The claims earlier tries of this same lease sent, kept by the caller across its retries: a
   * claim the database committed while the connection carrying its answer dropped is found by its
   * exact expiry, instead of leaving its runs held by nobody until that expiry.
   */
  sentClaims?: SentClaim[];
}

export interface SentClaim {
  expiresAt: Date;
  ids: string[];
  at: Date;
}

export interface Lease {
  campaignId: string;
  expiresAt: Date;
  runs: LeasedRun[];
  /** The outage of the campaign's endpoint recorded when this lease was taken (serving-outage.ts outageInForce reads it). */
  outage: OutageRecord;
}

// Of its case, a run needs only the key and suite: what it asks and measures is its own copy (CaseRun.turns, CaseRun.risks).
const leasedRunInclude = {
  case: { select: { key: true, suite: { select: { key: true, use: { select: { code: true } } } } } },
} as const;

export type LeasedRun = Awaited<ReturnType<typeof readLeased>>[number];

/** Queued or running, and not waiting out an outage of its endpoint at `now`. */
function leasableCampaign(now: Date) {
  return { status: { in: ["QUEUED", "RUNNING"] as ("QUEUED" | "RUNNING")[] }, OR: [{ outageRetryAt: null }, { outageRetryAt: { lte: now } }] };
}

function claimable(now: Date) {
  return { OR: [{ status: "PENDING" as const }, { status: "LEASED" as const, leaseExpiresAt: { lt: now } }] };
}

/**
 * Claims up to `size` runs of one campaign for `workerId`; null when no campaign has work. Four
 * queries in the usual case (pick candidates, claim them, stamp the campaign's turn, read them
 * back): at thousands of cases the runner's cost is its query count, not the work inside each query.
 */
export async function leaseBatch(db: Db, options: LeaseOptions): Promise<Lease | null> {
  const maxAttempts = options.maxAttempts ?? 3;
  for (const claim of options.sentClaims ?? []) {
    const runs = await readLeased(db, options.workerId, claim.expiresAt, claim.ids);
    if (runs.length > 0) return { campaignId: runs[0].campaignId, expiresAt: claim.expiresAt, runs, outage: await stampTurn(db, runs[0].campaignId, claim) };
  }
  // Contending workers pick overlapping candidates; the loser of a race simply tries again.
  for (let tries = 0; tries < 5; tries++) {
    const now = new Date();
    const candidates = await db.caseRun.findMany({
      where: { ...claimable(now), campaign: leasableCampaign(now), ...(options.campaignId ? { campaignId: options.campaignId } : {}) },
      orderBy: [{ campaign: { lastLeasedAt: { sort: "asc", nulls: "first" } } }, { campaign: { createdAt: "asc" } }, { id: "asc" }],
      take: options.size,
      select: { id: true, campaignId: true, status: true, attempts: true },
    });
    if (candidates.length === 0) return null;
    // Abandoned runs only ever show up among the claimable ones, so looking here costs no query.
    if (candidates.some((run) => run.status === "LEASED" && run.attempts >= maxAttempts)) {
      await giveUpAbandonedRuns(db, now, maxAttempts);
      continue;
    }
    const campaignId = candidates[0].campaignId;
    const ids = candidates.filter((run) => run.campaignId === campaignId).map((run) => run.id);
    const claim = { expiresAt: new Date(now.getTime() + options.leaseMs), ids, at: now };
    options.sentClaims?.push(claim);
    const claimed = await db.caseRun.updateMany({
      where: { id: { in: ids }, ...claimable(now), campaign: leasableCampaign(now) },
      data: { status: "LEASED", leaseOwner: options.workerId, leaseExpiresAt: claim.expiresAt, attempts: { increment: 1 } },
    });
    if (claimed.count === 0) continue;
    const [runs, outage] = await Promise.all([
      // The exact expiry tells this claim's rows from any this worker held before.
      readLeased(db, options.workerId, claim.expiresAt, ids),
      stampTurn(db, campaignId, claim),
    ]);
    return { campaignId, expiresAt: claim.expiresAt, runs, outage };
  }
  return null;
}

/** Stamps the campaign's turn with the claim's time; gives the outage recorded on it. */
async function stampTurn(db: Db, campaignId: string, claim: SentClaim): Promise<OutageRecord> {
  const stamped = await db.campaign.updateManyAndReturn({
    where: { id: campaignId },
    data: { lastLeasedAt: claim.at },
    select: { outageSince: true, outageRetryAt: true },
  });
  return stamped[0] ?? { outageSince: null, outageRetryAt: null };
}

/**
 * A campaign runs from its first lease (a no-op for every later lease): queued, it becomes running;
 * paused while queued and resumed, it is running already. Its clock starts only once its models are
 * loaded (markCampaignStarted).
 */
export async function markCampaignRunning(db: Db, campaignId: string): Promise<void> {
  await db.campaign.updateMany({ where: { id: campaignId, status: "QUEUED" }, data: { status: "RUNNING" } });
}

/**
 * Starts the clock its rate and time left are counted on (start/running-time.ts), once a worker has
 * its models loaded: the load (minutes on a real checkpoint) generates nothing. The first worker to
 * be ready starts it; paused meanwhile, it still starts, its pause counted from then.
 */
export async function markCampaignStarted(db: Db, campaignId: string, startedAt: Date): Promise<void> {
  await db.campaign.updateMany({ where: { id: campaignId, status: { in: ["RUNNING", "PAUSED"] }, startedAt: null }, data: { startedAt } });
}

function readLeased(db: Db, workerId: string, expiresAt: Date, ids: string[]) {
  return db.caseRun.findMany({
    where: { id: { in: ids }, status: "LEASED", leaseOwner: workerId, leaseExpiresAt: expiresAt },
    include: leasedRunInclude,
    orderBy: { id: "asc" },
  });
}

/** The heartbeat: pushes the expiry of the runs this worker still holds; returns how many. */
export async function extendLeases(db: Db, workerId: string, runIds: string[], leaseMs: number): Promise<number> {
  if (runIds.length === 0) return 0;
  const result = await db.caseRun.updateMany({
    where: { id: { in: runIds }, status: "LEASED", leaseOwner: workerId },
    data: { leaseExpiresAt: new Date(Date.now() + leaseMs) },
  });
  return result.count;
}

/** Hands runs back unfinished (pause, cancel, shutdown): another worker may take them at once. */
export async function releaseLeases(db: Db, workerId: string, runIds: string[]): Promise<number> {
  if (runIds.length === 0) return 0;
  const result = await db.caseRun.updateMany({
    where: { id: { in: runIds }, status: "LEASED", leaseOwner: workerId },
    data: { status: "PENDING", leaseOwner: null, leaseExpiresAt: null, attempts: { decrement: 1 } },
  });
  return result.count;
}

/**
 * Hands back every run of the campaign that a worker holds, untried (a pause or cancel, in its
 * transaction): a result arriving after it finds its run no longer leased to its worker, and is refused.
 */
export async function handBackCampaignLeases(db: Db | DbTransaction, campaignId: string): Promise<number> {
  const result = await db.caseRun.updateMany({
    where: { campaignId, status: "LEASED" },
    data: { status: "PENDING", leaseOwner: null, leaseExpiresAt: null, attempts: { decrement: 1 } },
  });
  return result.count;
}

/** A run whose lease expired `maxAttempts` times would crash the next worker too: record it as an error. */
async function giveUpAbandonedRuns(db: Db, now: Date, maxAttempts: number) {
  await db.caseRun.updateMany({
    where: { status: "LEASED", leaseExpiresAt: { lt: now }, attempts: { gte: maxAttempts } },
    data: {
      status: "ERROR",
      verdict: "ERROR",
      leaseOwner: null,
      error: `its worker stopped before finishing it ${maxAttempts} times`,
      finishedAt: now,
    },
  });
}
