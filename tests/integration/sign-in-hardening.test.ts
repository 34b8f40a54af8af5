// Sign-in under attack, through better-auth's real endpoint on a real database: forged forwarding
// headers, password spraying, a flood of expensive hashes, a disabled account probed for its
// password; and the audit trail each attempt leaves.
import { afterEach, describe, expect, test, vi } from "vitest";

import type { Actor } from "../../lib/auth/actor";
import { createAuth } from "../../lib/auth/auth";
import type { Db } from "../../lib/db/types";
import { createUser } from "../../lib/users/create-user";
import { setDisabled } from "../../lib/users/set-disabled";
import { freshDatabase } from "../support/fresh-database";
import { cookieHeaderOf } from "../support/route-session";

const operator: Actor = { id: null, label: "cli:test", role: "ADMIN" };
const open: Db[] = [];
afterEach(async () => {
  vi.useRealTimers();
  delete process.env.RISKLEDGER_TRUSTED_PROXIES;
  await Promise.all(open.splice(0).map((db) => db.$disconnect()));
});

async function withOwner() {
  const { db, url } = freshDatabase();
  open.push(db);
  const auth = createAuth(db, url);
  const created = await createUser(db, operator, { email: "ada@example.org", name: "Ada", role: "ADMIN", password: "ada-password-1234" });
  if (!created.ok) throw new Error(created.message);
  return { db, auth, owner: created.user };
}

type Auth = ReturnType<typeof createAuth>;

async function attempt(auth: Auth, email: string, password: string, headers: Record<string, string> = {}) {
  const response = await auth.handler(
    new Request("http://127.0.0.1/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ email, password }),
    }),
  );
  const cookie = cookieHeaderOf(response);
  return { status: response.status, body: await response.text(), cookie, retryAfter: response.headers.get("retry-after") };
}

describe("forwarded addresses", () => {
  test("20 wrong passwords from forged X-Forwarded-For addresses count against one address when no proxy is trusted", async () => {
    const { auth } = await withOwner();
    const statuses = [];
    for (let i = 0; i < 20; i++) statuses.push((await attempt(auth, "ada@example.org", "guess-password-0", { "x-forwarded-for": `10.0.0.${i}` })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
  });

  test("the refusal says how long to wait, in the Retry-After header too", async () => {
    const { auth } = await withOwner();
    for (let i = 0; i < 5; i++) await attempt(auth, "ada@example.org", "guess-password-0");
    const refused = await attempt(auth, "ada@example.org", "guess-password-0");
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(refused.body).toMatch(/try again in \d+ seconds/i);
  });

  test("the owner is not locked out: at once from a browser that signed in before, from anywhere once the window has passed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { auth } = await withOwner();
    const before = await attempt(auth, "ada@example.org", "ada-password-1234");
    expect(before.status).toBe(200);

    for (let i = 0; i < 20; i++) await attempt(auth, "ada@example.org", "guess-password-0", { "x-forwarded-for": `10.0.0.${i}` });

    expect((await attempt(auth, "ada@example.org", "ada-password-1234", { cookie: before.cookie })).status).toBe(200);
    expect((await attempt(auth, "ada@example.org", "ada-password-1234")).status).toBe(429);
    vi.setSystemTime(Date.now() + 61_000);
    expect((await attempt(auth, "ada@example.org", "ada-password-1234")).status).toBe(200);
  });

  test("behind a trusted proxy each client address has its own limit, and the account slows down without locking", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    process.env.RISKLEDGER_TRUSTED_PROXIES = "203.0.113.9";
    const { auth } = await withOwner();
    const via = (client: string) => ({ "x-forwarded-for": `${client}, 203.0.113.9` });

    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await attempt(auth, "ada@example.org", "guess-password-0", via(`10.0.1.${i}`))).status);
    // Five failures from five addresses, then the account asks each next attempt to wait.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const waiting = await attempt(auth, "ada@example.org", "ada-password-1234", via("198.51.100.7"));
    expect(waiting.status).toBe(429);
    expect(Number(waiting.retryAfter)).toBeLessThanOrEqual(60);
    vi.setSystemTime(Date.now() + Number(waiting.retryAfter) * 1000);
    expect((await attempt(auth, "ada@example.org", "ada-password-1234", via("198.51.100.7"))).status).toBe(200);
  });

  test("behind a trusted proxy, addresses a client writes into the header itself are never read", async () => {
    process.env.RISKLEDGER_TRUSTED_PROXIES = "203.0.113.9";
    const { auth } = await withOwner();
    // The proxy appended 10.9.9.9, the address it was reached from; the rest is the client's own.
    for (let i = 0; i < 5; i++)
      expect((await attempt(auth, "ada@example.org", "guess-password-0", { "x-forwarded-for": `10.0.2.${i}, 10.9.9.9` })).status).toBe(401);
    expect((await attempt(auth, "ada@example.org", "guess-password-0", { "x-forwarded-for": "10.0.2.99, 10.9.9.9" })).status).toBe(429);
  });
});

describe("expensive hashing", () => {
  test("only a few password hashes run at once: beyond them sign-in answers 429 with Retry-After", async () => {
    const { auth } = await withOwner();
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => attempt(auth, `nobody${i}@example.org`, "guess-password-0")));
    const busy = results.filter((r) => r.status === 429);
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy) expect(Number(r.retryAfter)).toBeGreaterThan(0);
    expect(results.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(2);
    expect(results.every((r) => r.status === 401 || r.status === 429)).toBe(true);
  });
});

describe("a disabled account", () => {
  test("answers exactly as a wrong password does, whichever password is tried, and each attempt is audited alike", async () => {
    const { db, auth, owner } = await withOwner();
    const dan = await createUser(db, operator, { email: "dan@example.org", name: "Dan", role: "REVIEWER", password: "dan-password-1234" });
    if (!dan.ok) throw new Error(dan.message);
    await setDisabled(db, operator, { user: { email: "dan@example.org" }, disabled: true });

    const wrongForActive = await attempt(auth, "ada@example.org", "guess-password-0");
    const rightForDisabled = await attempt(auth, "dan@example.org", "dan-password-1234");
    const wrongForDisabled = await attempt(auth, "dan@example.org", "guess-password-0");
    for (const answer of [rightForDisabled, wrongForDisabled]) {
      expect(answer.status).toBe(wrongForActive.status);
      expect(answer.body).toBe(wrongForActive.body);
      expect(answer.cookie).not.toMatch(/session_token/);
    }
    expect(wrongForActive.body).toMatch(/invalid email or password/i);
    expect(await db.session.count()).toBe(0);

    const refused = await db.auditEvent.findMany({ where: { action: "auth.sign-in.refused", entityId: dan.user.id } });
    expect(refused.map((e) => e.after)).toEqual([
      { reason: "account disabled", address: "direct" },
      { reason: "account disabled", address: "direct" },
    ]);
    expect(await db.auditEvent.findFirst({ where: { action: "auth.sign-in.refused", entityId: owner.id } })).toMatchObject({
      after: { reason: "wrong password" },
    });
  });
});

describe("the audit trail of signing in and out", () => {
  test("a sign-in, a refusal, an unknown email, a throttled burst and a sign-out each leave one event, never a password or a typed email", async () => {
    const { db, auth, owner } = await withOwner();
    const ok = await attempt(auth, "ada@example.org", "ada-password-1234");
    expect(ok.status).toBe(200);
    await attempt(auth, "ghost@example.org", "ghost-password-1");
    for (let i = 0; i < 8; i++) await attempt(auth, "ada@example.org", "guess-password-0");
    const signOut = await auth.handler(
      new Request("http://127.0.0.1/api/auth/sign-out", { method: "POST", headers: { cookie: ok.cookie, origin: "http://127.0.0.1" } }),
    );
    expect(signOut.status).toBe(200);

    const events = await db.auditEvent.findMany({ where: { action: { startsWith: "auth." } }, orderBy: { at: "asc" } });
    const count = (action: string) => events.filter((e) => e.action === action).length;
    expect(count("auth.sign-in")).toBe(1);
    expect(events.find((e) => e.action === "auth.sign-in")).toMatchObject({ actorId: owner.id, entityType: "User", entityId: owner.id });
    // The unknown email plus the wrong passwords that reached the check (the rest were throttled).
    expect(events.filter((e) => e.action === "auth.sign-in.refused" && e.entityId === owner.id)).toHaveLength(4);
    expect(events.find((e) => e.action === "auth.sign-in.refused" && e.entityId !== owner.id)).toMatchObject({ after: { reason: "unknown email" } });
    // A burst of refusals is one event, not one per request: a flood cannot fill the log.
    expect(count("auth.sign-in.throttled")).toBe(1);
    expect(count("auth.sign-out")).toBe(1);
    const text = JSON.stringify(events);
    expect(text).not.toMatch(/password-/);
    expect(text).not.toContain("ghost@example.org");
  });
});

describe("an email no account can have", () => {
  test("a 900,000-character email is refused with 400 naming it, and the limiter and the log store nothing of it", async () => {
    const { db, auth } = await withOwner();
    const answer = await attempt(auth, `${"a".repeat(900_000)}@example.org`, "guess-password-0");
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ message: "email: not an email address of at most 254 characters" });
    // Each would be kept a day: at 30 attempts a minute, tens of gigabytes of database a day.
    expect(await db.signInBucket.findMany({ select: { key: true } })).toEqual([]);
    expect(await db.signInFailureStreak.count()).toBe(0);
    expect(await db.auditEvent.count({ where: { action: { startsWith: "auth." } } })).toBe(0);
  });
});
