// Slows password guessing: at most 5 sign-in attempts a minute for one email from one address,
// 30 a minute from one address whatever the email (spraying many accounts), and 20 a minute for
// one email from anywhere (the address comes from X-Forwarded-For, which a client can forge when
// no proxy in front overwrites it). Kept in memory:
// Riskledger serves sign-in from one process; a restart forgets the counts, which only helps
// someone who can restart the server anyway.
const WINDOW_MS = 60_000;
export const ATTEMPTS_PER_EMAIL = 5;
export const ATTEMPTS_PER_ADDRESS = 30;
export const ATTEMPTS_PER_EMAIL_ANYWHERE = 20;

const attempts = new Map<string, number[]>();

function take(key: string, limit: number, now: number): number | null {
  const recent = (attempts.get(key) ?? []).filter((at) => now - at < WINDOW_MS);
  if (recent.length >= limit) {
    attempts.set(key, recent);
    return Math.ceil((recent[0] + WINDOW_MS - now) / 1000);
  }
  recent.push(now);
  attempts.set(key, recent);
  return null;
}

/** Counts one attempt; returns the seconds to wait when over the limit, else null. */
export function signInAttempt(address: string, email: string, now = Date.now()): number | null {
  const who = email.trim().toLowerCase();
  return (
    take(`ip:${address}`, ATTEMPTS_PER_ADDRESS, now) ??
    take(`email:${who}`, ATTEMPTS_PER_EMAIL_ANYWHERE, now) ??
    take(`ip:${address}|email:${who}`, ATTEMPTS_PER_EMAIL, now)
  );
}

/** Tests start from a clean slate. */
export function resetSignInAttempts() {
  attempts.clear();
}
