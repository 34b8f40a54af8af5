// The sign-in limits alone: which address a request counts against and how many password hashes
// may run at once. How attempts are counted needs the database: tests/integration/sign-in-limits.test.ts.
import { describe, expect, test } from "vitest";
import { clientAddress, DIRECT_CLIENTS } from "../../lib/auth/client-address";
import { HASHES_AT_ONCE, HASHES_WAITING, hashPassword, PasswordHashingBusy } from "../../lib/auth/password-hashing";

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
