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
// Kept in the database (SignInBucket, SignInFailureStreak), not in memory: the app serves from
// several processes, and counts kept per process would give an attacker one allowance per process.
// Each change is one statement or a compare-and-set on the bucket's version, so processes taking a
// bucket's last attempt at once cannot both get it: the one that loses reads the bucket again.
// Every attempt sweeps the buckets idle for a minute, and the failure streaks untouched for a day:
// a streak is forgotten after a day without failures, never because many other emails were tried.
import { z } from "zod";
import { readJsonColumn } from "../db/json-columns";
import type { Db } from "../db/types";
import { isUniqueViolation } from "../db/unique-violation";

const WINDOW_MS = 60_000;
const STREAK_KEPT_MS = 24 * 60 * 60 * 1000;
export const ATTEMPTS_PER_DEVICE = 5;
export const ATTEMPTS_PER_ADDRESS = 30;
export const ATTEMPTS_PER_ADDRESS_AND_EMAIL = 5;
export const FREE_ACCOUNT_FAILURES = 5;
export const MAX_ACCOUNT_DELAY_SECONDS = 60;

const attemptTimesSchema = z.array(z.number());

export type SignInGate =
  | { ok: true }
  | { ok: false; waitSeconds: number; limit: "device" | "address" | "address and email" | "account"; firstRefusal: boolean };

interface Refusal {
  waitSeconds: number;
  /** The first refusal of this bucket in a window: the one that is audited. */
  firstRefusal: boolean;
}

/** Counts one attempt against the bucket `key`, or refuses it when `limit` attempts fell in the last minute. */
async function take(db: Db, key: string, limit: number, now: number): Promise<Refusal | null> {
  for (;;) {
    const bucket = await db.signInBucket.findUnique({ where: { key } });
    if (!bucket) {
      try {
        await db.signInBucket.create({ data: { key, attempts: [now], lastAt: new Date(now) } });
        return null;
      } catch (error) {
        if (isUniqueViolation(error)) continue;
        throw error;
      }
    }
    const attempts = readJsonColumn(attemptTimesSchema, bucket.attempts, "SignInBucket.attempts").filter((at) => now - at < WINDOW_MS);
    const sameVersion = { key, version: bucket.version };
    if (attempts.length < limit) {
      const taken = await db.signInBucket.updateMany({
        where: sameVersion,
        data: { attempts: [...attempts, now], lastAt: new Date(now), version: { increment: 1 } },
      });
      if (taken.count === 1) return null;
      continue;
    }
    const waitSeconds = Math.max(1, Math.ceil((attempts[0] + WINDOW_MS - now) / 1000));
    const reportedLately = bucket.reportedAt !== null && now - bucket.reportedAt.getTime() < WINDOW_MS;
    if (reportedLately) return { waitSeconds, firstRefusal: false };
    const reported = await db.signInBucket.updateMany({ where: sameVersion, data: { reportedAt: new Date(now), version: { increment: 1 } } });
    if (reported.count === 1) return { waitSeconds, firstRefusal: true };
  }
}

async function sweep(db: Db, now: number) {
  const idleSince = new Date(now - WINDOW_MS);
  await db.signInBucket.deleteMany({ where: { lastAt: { lte: idleSince }, OR: [{ reportedAt: null }, { reportedAt: { lte: idleSince } }] } });
  await db.signInFailureStreak.deleteMany({ where: { lastAt: { lte: new Date(now - STREAK_KEPT_MS) } } });
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
export async function signInAttempt(db: Db, { address, email, knownDevice }: SignInAttempt, now = Date.now()): Promise<SignInGate> {
  await sweep(db, now);
  const who = normalEmail(email);
  if (knownDevice !== undefined) {
    const refused = await take(db, `device:${knownDevice}`, ATTEMPTS_PER_DEVICE, now);
    return refused ? { ok: false, limit: "device", ...refused } : { ok: true };
  }
  const byAddress = await take(db, `ip:${address}`, ATTEMPTS_PER_ADDRESS, now);
  if (byAddress) return { ok: false, limit: "address", ...byAddress };
  const byAddressAndEmail = await take(db, `ip:${address}|email:${who}`, ATTEMPTS_PER_ADDRESS_AND_EMAIL, now);
  if (byAddressAndEmail) return { ok: false, limit: "address and email", ...byAddressAndEmail };

  const streak = await db.signInFailureStreak.findUnique({ where: { email: who } });
  if (streak) {
    const readyAt = streak.lastAt.getTime() + accountDelaySeconds(streak.count) * 1000;
    if (now < readyAt) {
      // Reported once per failure count, whichever process refuses first.
      const reported = await db.signInFailureStreak.updateMany({
        where: { email: who, OR: [{ reportedCount: null }, { reportedCount: { not: streak.count } }] },
        data: { reportedCount: streak.count },
      });
      return { ok: false, limit: "account", waitSeconds: Math.max(1, Math.ceil((readyAt - now) / 1000)), firstRefusal: reported.count === 1 };
    }
  }
  return { ok: true };
}

/** What the password check said: a failure lengthens the account's delay, a success clears it. */
export async function signInOutcome(db: Db, email: string, succeeded: boolean, now = Date.now()) {
  const who = normalEmail(email);
  if (succeeded) {
    await db.signInFailureStreak.deleteMany({ where: { email: who } });
    return;
  }
  await db.signInFailureStreak.upsert({
    where: { email: who },
    create: { email: who, count: 1, lastAt: new Date(now) },
    update: { count: { increment: 1 }, lastAt: new Date(now) },
  });
}
