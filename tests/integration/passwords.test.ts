// Passwords: a one-time password works once and forces a new one; people change their own with
// their current one; an admin resets one to a new one-time password. Each is audited without the
// password, and ends the sessions the old password opened. Real better-auth, real database.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, describe, expect, test } from "vitest";

import type { Actor } from "../../lib/auth/actor";
import { createAuth } from "../../lib/auth/auth";
import { currentSession, sessionActor } from "../../lib/auth/current-actor";
import type { Db } from "../../lib/db/types";
import { changeOwnPassword } from "../../lib/users/change-password";
import { createUser } from "../../lib/users/create-user";
import { resetPassword } from "../../lib/users/reset-password";
import { freshDatabase } from "../support/fresh-database";
import { cookieHeaderOf } from "../support/route-session";
import { programArgs } from "../support/program-bundle";

const operator: Actor = { id: null, label: "cli:test", role: "ADMIN" };
const open: Db[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.$disconnect()));
});

// currentSession/sessionActor read the process-wide auth instance for DATABASE_URL.
function database() {
  const fresh = freshDatabase();
  open.push(fresh.db);
  process.env.DATABASE_URL = fresh.url;
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
  return { status: response.status, headers: new Headers({ cookie, host: "127.0.0.1" }) };
}

async function person(db: Db, email: string, password?: string) {
  const created = await createUser(db, operator, { email, name: email.split("@")[0], role: "REVIEWER", ...(password ? { password } : {}) });
  if (!created.ok) throw new Error(created.message);
  return created;
}

describe("a one-time password", () => {
  test("signs in once; the second time it is refused as a wrong password", async () => {
    const { db, auth } = database();
    const { oneTimePassword } = await person(db, "nina@example.org");
    expect((await signIn(auth, "nina@example.org", oneTimePassword!)).status).toBe(200);
    expect((await signIn(auth, "nina@example.org", oneTimePassword!)).status).toBe(401);
  });

  test("opens a session that can do nothing but change the password", async () => {
    const { db, auth } = database();
    const { oneTimePassword } = await person(db, "nina@example.org");
    const { headers } = await signIn(auth, "nina@example.org", oneTimePassword!);
    expect(await currentSession(headers)).toMatchObject({ mustChangePassword: true });
    // Every lib action needs an actor: this session gives none.
    expect(await sessionActor(headers)).toBeNull();
  });

  test("is changed without asking for it again; the person is then in, and the change is audited without the password", async () => {
    const { db, auth } = database();
    const { oneTimePassword, user } = await person(db, "nina@example.org");
    const { headers } = await signIn(auth, "nina@example.org", oneTimePassword!);
    const session = (await currentSession(headers))!;

    const changed = await changeOwnPassword(
      db,
      session.actor,
      { newPassword: "nina-new-password-1", confirmPassword: "nina-new-password-1" },
      { keepSessionId: session.sessionId },
    );
    expect(changed).toMatchObject({ ok: true });
    expect(await sessionActor(headers)).toMatchObject({ id: user.id });
    expect((await signIn(auth, "nina@example.org", "nina-new-password-1")).status).toBe(200);

    const events = await db.auditEvent.findMany({ where: { entityId: user.id, action: { startsWith: "user." } } });
    expect(events.map((e) => e.action)).toContain("user.change-password");
    expect(JSON.stringify(events)).not.toContain("nina-new-password-1");
    expect(JSON.stringify(events)).not.toContain(oneTimePassword);
  });
});

describe("changing one's own password", () => {
  test("needs the current password: a wrong one changes nothing", async () => {
    const { db, auth } = database();
    await person(db, "omar@example.org", "omar-password-123");
    const { headers } = await signIn(auth, "omar@example.org", "omar-password-123");
    const session = (await currentSession(headers))!;
    const hash = (await db.account.findFirstOrThrow()).password;

    expect(
      await changeOwnPassword(
        db,
        session.actor,
        { newPassword: "omar-new-password-1", confirmPassword: "omar-new-password-1" },
        { keepSessionId: session.sessionId },
      ),
    ).toMatchObject({ ok: false, kind: "invalid" });
    expect(
      await changeOwnPassword(
        db,
        session.actor,
        { currentPassword: "not-my-password", newPassword: "omar-new-password-1", confirmPassword: "omar-new-password-1" },
        { keepSessionId: session.sessionId },
      ),
    ).toMatchObject({
      ok: false,
      message: expect.stringMatching(/current password is wrong/),
    });
    expect(
      await changeOwnPassword(
        db,
        session.actor,
        { currentPassword: "omar-password-123", newPassword: "omar-new-password-1", confirmPassword: "omar-other-password" },
        { keepSessionId: session.sessionId },
      ),
    ).toMatchObject({ ok: false, kind: "invalid" });
    expect(
      await changeOwnPassword(
        db,
        session.actor,
        { currentPassword: "omar-password-123", newPassword: "short", confirmPassword: "short" },
        { keepSessionId: session.sessionId },
      ),
    ).toMatchObject({ ok: false, kind: "invalid" });
    expect((await db.account.findFirstOrThrow()).password).toBe(hash);
    expect(await db.auditEvent.count({ where: { action: "user.change-password" } })).toBe(0);
  });

  test("ends every other session of the old password and keeps this one", async () => {
    const { db, auth } = database();
    await person(db, "omar@example.org", "omar-password-123");
    const here = await signIn(auth, "omar@example.org", "omar-password-123");
    const elsewhere = await signIn(auth, "omar@example.org", "omar-password-123");
    const session = (await currentSession(here.headers))!;

    expect(
      await changeOwnPassword(
        db,
        session.actor,
        { currentPassword: "omar-password-123", newPassword: "omar-new-password-1", confirmPassword: "omar-new-password-1" },
        { keepSessionId: session.sessionId },
      ),
    ).toMatchObject({
      ok: true,
      sessionsEnded: 1,
    });
    expect(await sessionActor(here.headers)).not.toBeNull();
    expect(await sessionActor(elsewhere.headers)).toBeNull();
    expect((await signIn(auth, "omar@example.org", "omar-password-123")).status).toBe(401);
    expect((await signIn(auth, "omar@example.org", "omar-new-password-1")).status).toBe(200);
  });

  test("automation has no password to change", async () => {
    const { db } = database();
    expect(await changeOwnPassword(db, operator, { currentPassword: "x", newPassword: "a-new-password-1", confirmPassword: "a-new-password-1" })).toMatchObject(
      {
        ok: false,
        kind: "forbidden",
      },
    );
  });
});

describe("an admin resets a password", () => {
  test("to a new one-time password shown once; the old password and every session end; audited; a non-admin may not", async () => {
    const { db, auth } = database();
    const { user } = await person(db, "omar@example.org", "omar-password-123");
    const before = await signIn(auth, "omar@example.org", "omar-password-123");
    const reviewer: Actor = { id: user.id, label: "Omar <omar@example.org>", role: "REVIEWER" };
    expect(await resetPassword(db, reviewer, { user: { email: "omar@example.org" } })).toMatchObject({ ok: false, kind: "forbidden" });

    const reset = await resetPassword(db, operator, { user: { email: "omar@example.org" } });
    expect(reset).toMatchObject({ ok: true, sessionsEnded: 1 });
    const oneTimePassword = reset.ok ? reset.oneTimePassword : "";
    expect(oneTimePassword).toMatch(/^[\w-]{24}$/);
    expect(await sessionActor(before.headers)).toBeNull();
    expect((await signIn(auth, "omar@example.org", "omar-password-123")).status).toBe(401);

    const next = await signIn(auth, "omar@example.org", oneTimePassword);
    expect(next.status).toBe(200);
    expect(await currentSession(next.headers)).toMatchObject({ mustChangePassword: true });
    expect((await signIn(auth, "omar@example.org", oneTimePassword)).status).toBe(401);

    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "user.reset-password" } });
    expect(event).toMatchObject({ entityId: user.id, actorLabel: "cli:test" });
    expect(JSON.stringify(event)).not.toContain(oneTimePassword);
    expect(await resetPassword(db, operator, { user: { email: "nobody@example.org" } })).toMatchObject({ ok: false, kind: "not_found" });
  });

  test("from the command line: `user reset-password --email` prints the new one-time password once", async () => {
    const { db, url, auth } = database();
    await person(db, "omar@example.org", "omar-password-123");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...programArgs("cli/riskledger.ts"), "user", "reset-password", "--email", "omar@example.org"],
      {
        env: { ...process.env, DATABASE_URL: url },
      },
    );
    const oneTimePassword = stdout.match(/one-time password[^:]*: (\S+)/)?.[1] ?? "";
    expect(oneTimePassword).toMatch(/^[\w-]{24}$/);
    expect((await signIn(auth, "omar@example.org", oneTimePassword)).status).toBe(200);
    expect(await db.auditEvent.count({ where: { action: "user.reset-password" } })).toBe(1);
  }, 60_000);
});
