// scrypt is made to be expensive (about 16 MiB and tens of milliseconds a hash): a flood of
// sign-ins, each costing one, would starve the server. So at most HASHES_AT_ONCE run at a time and
// HASHES_WAITING more may queue; beyond that the caller is told to come back (429 Retry-After).
// Every password check and sign-in hash goes through here (better-auth's, via lib/auth/auth.ts,
// and a password change's).
import { hashPassword as scryptHash, verifyPassword as scryptVerify } from "better-auth/crypto";

export const HASHES_AT_ONCE = 2;
export const HASHES_WAITING = 6;
export const BUSY_RETRY_AFTER_SECONDS = 2;

export class PasswordHashingBusy extends Error {
  readonly retryAfterSeconds = BUSY_RETRY_AFTER_SECONDS;
  constructor() {
    super(`Too many sign-ins at once. Try again in ${BUSY_RETRY_AFTER_SECONDS} seconds.`);
  }
}

let running = 0;
const waiting: Array<() => void> = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= HASHES_AT_ONCE) {
    if (waiting.length >= HASHES_WAITING) throw new PasswordHashingBusy();
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running += 1;
  }
  try {
    return await work();
  } finally {
    // A slot passes straight to the next in line; only when none waits is it freed.
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

export function hashPassword(password: string): Promise<string> {
  return limited(() => scryptHash(password));
}

export function verifyPassword(data: { hash: string; password: string }): Promise<boolean> {
  return limited(() => scryptVerify(data));
}
