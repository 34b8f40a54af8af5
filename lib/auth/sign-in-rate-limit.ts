// Slows password guessing without letting anyone lock an account's owner out.
//   1. A browser that signed in as this person before (a known-device cookie, lib/auth/known-device.ts)
//      has a bucket of its own, 5 attempts a minute, and skips the rest: whatever happens
//      elsewhere, the owner's usual browser still signs in.
//   2. Per address (lib/auth/client-address.ts): 30 attempts a minute whatever the email (spraying
//      many accounts), 5 a minute for one email.
//   3. Per account, from anywhere: after 5 failures in a row each attempt waits a delay that
//      doubles with every further failure (1 s, 2 s, 4 s ...) up to 60 s, counted from the last
//      failure. It slows guessing from many addresses to about one a minute and never locks:
//      the owner waits at most a minute, and a success clears it.
// Kept in memory: Riskledger serves sign-in from one process; a restart forgets the counts, which
// only helps someone who can restart the server anyway.
const WINDOW_MS = 60_000;
export const ATTEMPTS_PER_DEVICE = 5;
export const ATTEMPTS_PER_ADDRESS = 30;
export const ATTEMPTS_PER_ADDRESS_AND_EMAIL = 5;
export const FREE_ACCOUNT_FAILURES = 5;
export const MAX_ACCOUNT_DELAY_SECONDS = 60;
/** Past this many tracked keys, expired ones are swept, so a flood of new emails stays bounded. */
const SWEEP_AT = 10_000;

interface Bucket {
  at: number[];
  /** When a refusal of this bucket was last reported (audited): once per window, not per request. */
  reportedAt?: number;
}
interface AccountFailures {
  count: number;
  lastAt: number;
  reportedCount?: number;
}

const buckets = new Map<string, Bucket>();
const failures = new Map<string, AccountFailures>();

export type SignInGate =
  | { ok: true }
  | { ok: false; waitSeconds: number; limit: "device" | "address" | "address and email" | "account"; firstRefusal: boolean };

function take(key: string, limit: number, now: number): { waitSeconds: number; firstRefusal: boolean } | null {
  if (buckets.size > SWEEP_AT) sweep(now);
  const bucket = buckets.get(key) ?? { at: [] };
  bucket.at = bucket.at.filter((at) => now - at < WINDOW_MS);
  buckets.set(key, bucket);
  if (bucket.at.length < limit) {
    bucket.at.push(now);
    return null;
  }
  const firstRefusal = bucket.reportedAt === undefined || now - bucket.reportedAt >= WINDOW_MS;
  if (firstRefusal) bucket.reportedAt = now;
  return { waitSeconds: Math.max(1, Math.ceil((bucket.at[0] + WINDOW_MS - now) / 1000)), firstRefusal };
}

function sweep(now: number) {
  for (const [key, bucket] of buckets) if (bucket.at.every((at) => now - at >= WINDOW_MS)) buckets.delete(key);
  for (const [key, account] of failures) if (now - account.lastAt >= MAX_ACCOUNT_DELAY_SECONDS * 1000) failures.delete(key);
}

function accountDelaySeconds(count: number): number {
  return count < FREE_ACCOUNT_FAILURES ? 0 : Math.min(2 ** (count - FREE_ACCOUNT_FAILURES), MAX_ACCOUNT_DELAY_SECONDS);
}

function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface SignInAttempt {
  address: string;
  email: string;
  /** Set when the request carries a valid known-device cookie for this email's person. */
  knownDevice?: string;
}

/** Counts one attempt before its password is checked; refuses it when a limit is reached. */
export function signInAttempt({ address, email, knownDevice }: SignInAttempt, now = Date.now()): SignInGate {
  const who = normalEmail(email);
  if (knownDevice !== undefined) {
    const refused = take(`device:${knownDevice}`, ATTEMPTS_PER_DEVICE, now);
    return refused ? { ok: false, limit: "device", ...refused } : { ok: true };
  }
  const byAddress = take(`ip:${address}`, ATTEMPTS_PER_ADDRESS, now);
  if (byAddress) return { ok: false, limit: "address", ...byAddress };
  const byAddressAndEmail = take(`ip:${address}|email:${who}`, ATTEMPTS_PER_ADDRESS_AND_EMAIL, now);
  if (byAddressAndEmail) return { ok: false, limit: "address and email", ...byAddressAndEmail };

  const account = failures.get(who);
  if (account) {
    const readyAt = account.lastAt + accountDelaySeconds(account.count) * 1000;
    if (now < readyAt) {
      const firstRefusal = account.reportedCount !== account.count;
      account.reportedCount = account.count;
      return { ok: false, limit: "account", waitSeconds: Math.max(1, Math.ceil((readyAt - now) / 1000)), firstRefusal };
    }
  }
  return { ok: true };
}

/** What the password check said: a failure lengthens the account's delay, a success clears it. */
export function signInOutcome(email: string, succeeded: boolean, now = Date.now()) {
  const who = normalEmail(email);
  if (succeeded) {
    failures.delete(who);
    return;
  }
  const account = failures.get(who) ?? { count: 0, lastAt: now };
  account.count += 1;
  account.lastAt = now;
  failures.set(who, account);
}

/** Tests start from a clean slate. */
export function resetSignInAttempts() {
  buckets.clear();
  failures.clear();
}
