// People: the first admin on a fresh install, sign-in with the password it prints, what disabling
// and role changes do, and the audit log that nothing can rewrite.
import { afterEach, describe, expect, test } from "vitest";

import type { Actor } from "../../lib/auth/actor";
import { createAuth } from "../../lib/auth/auth";
import type { Db } from "../../lib/db/types";
import { createUser } from "../../lib/users/create-user";
import { ensureAdmin, FIRST_ADMIN_EMAIL } from "../../lib/users/ensure-admin";
import { setDisabled } from "../../lib/users/set-disabled";
import { setRole } from "../../lib/users/set-role";
import { freshDatabase } from "../support/fresh-database";
import { cookieHeaderOf } from "../support/route-session";

const operator: Actor = { id: null, label: "cli:test", role: "ADMIN" };
const open: Db[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.$disconnect()));
});

function database() {
  const fresh = freshDatabase();
  open.push(fresh.db);
  return { ...fresh, auth: createAuth(fresh.db, fresh.url) };
}

async function signIn(auth: ReturnType<typeof createAuth>, email: string, password: string) {
  const response = await auth.handler(
    new Request("http://127.0.0.1/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    }),
  );
  const cookie = cookieHeaderOf(response);
  return { status: response.status, cookie };
}

describe("the first run", () => {
  test("ensure-admin makes one admin with a random one-time password, then does nothing", async () => {
    const { db, auth } = database();
    const first = await ensureAdmin(db, operator);
    expect(first.created).toBe(true);
    const password = first.created && first.result.ok ? first.result.oneTimePassword! : "";
    expect(password).toMatch(/^[\w-]{24}$/);
    expect(await ensureAdmin(db, operator)).toEqual({ created: false, adminEmails: [FIRST_ADMIN_EMAIL] });
    expect(await db.user.count()).toBe(1);

    // The password is kept only as a scrypt hash, and it signs in.
    const account = await db.account.findFirstOrThrow();
    expect(account.password).not.toContain(password);
    expect(account.password).toMatch(/^[0-9a-f]+:[0-9a-f]+$/);
    expect((await signIn(auth, FIRST_ADMIN_EMAIL, password)).status).toBe(200);
    expect(await db.session.count()).toBe(1);
  });

  test("two installs never share a first password", async () => {
    const a = await ensureAdmin(database().db, operator);
    const b = await ensureAdmin(database().db, operator);
    const password = (r: typeof a) => (r.created && r.result.ok ? r.result.oneTimePassword : null);
    expect(password(a)).not.toBe(password(b));
  });
});

describe("sessions", () => {
  test("a session cookie is httpOnly, SameSite and expires; a wrong password gets none", async () => {
    const { db, auth } = database();
    await createUser(db, operator, { email: "rita@example.org", name: "Rita", role: "REVIEWER", password: "rita-password-123" });
    expect((await signIn(auth, "rita@example.org", "wrong-password-1")).status).toBe(401);
    const response = await auth.handler(
      new Request("http://127.0.0.1/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "rita@example.org", password: "rita-password-123" }),
      }),
    );
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("riskledger.session_token="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=604800/);
    const session = await db.session.findFirstOrThrow();
    expect(session.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
  });

  test("an expired session no longer signs anyone in", async () => {
    const { db, auth } = database();
    await createUser(db, operator, { email: "omar@example.org", name: "Omar", role: "REVIEWER", password: "omar-password-123" });
    const { cookie } = await signIn(auth, "omar@example.org", "omar-password-123");
    expect(await auth.api.getSession({ headers: new Headers({ cookie, host: "127.0.0.1" }) })).not.toBeNull();
    await db.session.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await auth.api.getSession({ headers: new Headers({ cookie, host: "127.0.0.1" }) })).toBeNull();
  });

  test("a disabled person's sessions end at once and they cannot sign in again", async () => {
    const { db, auth } = database();
    await createUser(db, operator, { email: "dan@example.org", name: "Dan", role: "REVIEWER", password: "dan-password-1234" });
    const { cookie } = await signIn(auth, "dan@example.org", "dan-password-1234");
    expect(await auth.api.getSession({ headers: new Headers({ cookie, host: "127.0.0.1" }) })).not.toBeNull();

    expect(await setDisabled(db, operator, { user: { email: "dan@example.org" }, disabled: true })).toMatchObject({ ok: true, sessionsEnded: 1 });
    expect(await auth.api.getSession({ headers: new Headers({ cookie, host: "127.0.0.1" }) })).toBeNull();
    // Refused as a wrong password would be (tests/integration/sign-in-hardening.test.ts).
    expect((await signIn(auth, "dan@example.org", "dan-password-1234")).status).toBe(401);
    expect(await db.session.count()).toBe(0);
  });
});

describe("roles", () => {
  test("role changes and disabling are audited; the last admin cannot be demoted or disabled", async () => {
    const { db } = database();
    const first = await ensureAdmin(db, operator);
    const adminId = first.created && first.result.ok ? first.result.user.id : "";
    expect(await setRole(db, operator, { user: { userId: adminId }, role: "VIEWER" })).toMatchObject({ ok: false, kind: "invalid" });
    expect(await setDisabled(db, operator, { user: { userId: adminId }, disabled: true })).toMatchObject({ ok: false, kind: "invalid" });

    await createUser(db, operator, { email: "vera@example.org", name: "Vera", role: "VIEWER" });
    await setRole(db, operator, { user: { email: "vera@example.org" }, role: "APPROVER" });
    await setDisabled(db, operator, { user: { email: "vera@example.org" }, disabled: true });
    const vera = await db.user.findUniqueOrThrow({ where: { email: "vera@example.org" } });
    const events = await db.auditEvent.findMany({ where: { entityId: vera.id }, orderBy: { at: "asc" } });
    expect(events.map((e) => [e.action, e.actorLabel, e.before, e.after])).toEqual([
      ["user.create", "cli:test", null, { email: "vera@example.org", name: "Vera", role: "VIEWER" }],
      ["user.set-role", "cli:test", { role: "VIEWER" }, { role: "APPROVER" }],
      ["user.disable", "cli:test", { disabled: false }, { disabled: true }],
    ]);
  });

  test("a non-admin can create, promote or disable nobody", async () => {
    const { db } = database();
    const approver: Actor = { id: null, label: "Arne", role: "APPROVER" };
    expect(await createUser(db, approver, { email: "x@example.org", name: "X", role: "ADMIN" })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await db.user.count()).toBe(0);
  });
});

test("nothing can edit or delete an AuditEvent: the database refuses", async () => {
  const { db } = database();
  await createUser(db, operator, { email: "a@example.org", name: "A", role: "VIEWER" });
  const event = await db.auditEvent.findFirstOrThrow();
  await expect(db.auditEvent.update({ where: { id: event.id }, data: { actorLabel: "someone else" } })).rejects.toThrow();
  await expect(db.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow();
  await expect(db.$executeRawUnsafe('DELETE FROM "AuditEvent"')).rejects.toThrow(/append-only/);
  expect(await db.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).toEqual(event);
});
