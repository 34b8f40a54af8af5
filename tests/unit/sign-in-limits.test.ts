// The sign-in limits alone: which address a request counts against, how attempts are counted, and
// how many password hashes may run at once.
import { afterEach, describe, expect, test } from "vitest";
import { clientAddress, DIRECT_CLIENTS } from "../../lib/auth/client-address";
import { HASHES_AT_ONCE, HASHES_WAITING, hashPassword, PasswordHashingBusy } from "../../lib/auth/password-hashing";
import { resetSignInAttempts, signInAttempt, signInOutcome } from "../../lib/auth/sign-in-rate-limit";

afterEach(() => resetSignInAttempts());

describe("the client's address", () => {
  const forwarded = (value: string) => new Headers({ "x-forwarded-for": value });
  test("without a trusted proxy, X-Forwarded-For is never read: every client is one bucket", () => {
    expect(clientAddress(forwarded("10.0.0.1"), {})).toBe(DIRECT_CLIENTS);
    expect(clientAddress(new Headers(), {})).toBe(DIRECT_CLIENTS);
  });

  test("behind trusted proxies, the rightmost address that is not one of them is the client", () => {
    const env = { RISKLEDGER_TRUSTED_PROXIES: "203.0.113.9, 10.8.0.0/16, 2001:db8::/32" };
    expect(clientAddress(forwarded("198.51.100.7"), env)).toBe("198.51.100.7");
    expect(clientAddress(forwarded("6.6.6.6, 198.51.100.7, 10.8.3.4, 203.0.113.9"), env)).toBe("198.51.100.7");
    expect(clientAddress(forwarded("2001:db8::1, 2001:db9::5"), env)).toBe("2001:db9::5");
    // Garbage where the client should be is one bucket, not a new address per request.
    expect(clientAddress(forwarded("not-an-address, 203.0.113.9"), env)).toBe(DIRECT_CLIENTS);
  });

  test("a malformed proxy list is refused by name", () => {
    expect(() => clientAddress(forwarded("1.2.3.4"), { RISKLEDGER_TRUSTED_PROXIES: "proxy.local" })).toThrow(/proxy\.local/);
  });
});

describe("sign-in attempts", () => {
  test("five a minute for one email from one address, then says how long to wait", () => {
    const now = 1_000_000;
    for (let i = 0; i < 5; i++) expect(signInAttempt({ address: "a", email: "rita@example.org" }, now + i)).toEqual({ ok: true });
    expect(signInAttempt({ address: "a", email: "Rita@Example.org " }, now + 10)).toMatchObject({ ok: false, waitSeconds: 60, limit: "address and email" });
    expect(signInAttempt({ address: "a", email: "omar@example.org" }, now + 20)).toEqual({ ok: true });
    expect(signInAttempt({ address: "a", email: "rita@example.org" }, now + 60_001)).toEqual({ ok: true });
  });

  test("thirty a minute from one address whatever the email", () => {
    for (let i = 0; i < 30; i++) expect(signInAttempt({ address: "a", email: `user${i}@example.org` }, 0).ok).toBe(true);
    expect(signInAttempt({ address: "a", email: "user99@example.org" }, 0)).toMatchObject({ ok: false, limit: "address" });
  });

  test("failures from many addresses slow the account by a doubling delay, capped at a minute, cleared by a success", () => {
    let now = 0;
    for (let i = 0; i < 5; i++) {
      expect(signInAttempt({ address: `10.0.0.${i}`, email: "ada@example.org" }, now).ok).toBe(true);
      signInOutcome("ada@example.org", false, now);
    }
    expect(signInAttempt({ address: "10.0.1.1", email: "ada@example.org" }, now)).toMatchObject({ ok: false, limit: "account", waitSeconds: 1 });
    for (let i = 0; i < 20; i++) {
      now += 61_000;
      expect(signInAttempt({ address: `10.0.2.${i}`, email: "ada@example.org" }, now).ok).toBe(true);
      signInOutcome("ada@example.org", false, now);
    }
    expect(signInAttempt({ address: "10.0.3.1", email: "ada@example.org" }, now)).toMatchObject({ ok: false, waitSeconds: 60 });
    expect(signInAttempt({ address: "10.0.3.1", email: "ada@example.org" }, now + 60_000).ok).toBe(true);
    signInOutcome("ada@example.org", true, now + 60_000);
    expect(signInAttempt({ address: "10.0.3.2", email: "ada@example.org" }, now + 60_000).ok).toBe(true);
  });

  test("a known device skips the address and account limits and has its own", () => {
    for (let i = 0; i < 30; i++) signInAttempt({ address: "a", email: "ada@example.org" }, 0);
    for (let i = 0; i < 10; i++) signInOutcome("ada@example.org", false, 0);
    for (let i = 0; i < 5; i++) expect(signInAttempt({ address: "a", email: "ada@example.org", knownDevice: "d1" }, 0).ok).toBe(true);
    expect(signInAttempt({ address: "a", email: "ada@example.org", knownDevice: "d1" }, 0)).toMatchObject({ ok: false, limit: "device" });
  });

  test("a burst of refusals is reported once per window", () => {
    for (let i = 0; i < 5; i++) signInAttempt({ address: "a", email: "x@example.org" }, 0);
    const refusals = Array.from({ length: 10 }, () => signInAttempt({ address: "a", email: "x@example.org" }, 1));
    expect(refusals.filter((r) => !r.ok && r.firstRefusal)).toHaveLength(1);
  });
});

describe("password hashing", () => {
  test(`runs ${HASHES_AT_ONCE} at once with ${HASHES_WAITING} waiting; the next is told to come back`, async () => {
    const work = Array.from({ length: HASHES_AT_ONCE + HASHES_WAITING + 3 }, () =>
      hashPassword("some-password-1").then(
        () => "hashed",
        (e) => e,
      ),
    );
    const results = await Promise.all(work);
    expect(results.filter((r) => r === "hashed")).toHaveLength(HASHES_AT_ONCE + HASHES_WAITING);
    const busy = results.filter((r) => r instanceof PasswordHashingBusy);
    expect(busy).toHaveLength(3);
    expect(busy[0].retryAfterSeconds).toBeGreaterThan(0);
    // Once the queue drains, hashing works again.
    expect(await hashPassword("some-password-1")).toMatch(/:/);
  });
});
