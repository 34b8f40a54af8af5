// Sign-in: better-auth with email and password, sessions in the database through Prisma.
// Passwords are hashed with scrypt (better-auth's default: N=16384, r=16, p=1, memory-hard).
// Nobody signs themselves up: admins create people (lib/users), so sign-up and every
// self-service account endpoint are switched off and only sign-in, sign-out and session remain.
import { randomBytes } from "node:crypto";
import { BASE_ERROR_CODES, betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getDb } from "../db/client";
import type { Db } from "../db/types";
import { databaseUrl, isPostgres } from "../db/url";
import type { Role } from "../domain/vocabulary";
import { emailSchema } from "../users/user-schema";
import { userLabel } from "./actor";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, SESSION_DAYS } from "./auth-limits";
import { clientAddress } from "./client-address";
import { KNOWN_DEVICE_COOKIE, KNOWN_DEVICE_DAYS, knownDeviceOf, newKnownDevice } from "./known-device";
import { hashPassword, PasswordHashingBusy, verifyPassword } from "./password-hashing";
import { authSecret } from "./secret";
import { recordSignIn, recordSignInRefused, recordSignInThrottled, recordSignOut } from "./sign-in-audit";
import { signInAttempt, signInOutcome } from "./sign-in-rate-limit";

/** The only better-auth endpoints Riskledger answers; every other one is refused as not found. */
const OPEN_PATHS = ["/sign-in/email", "/sign-out", "/get-session", "/ok", "/error"];
const ONE_TIME_SESSION_MS = 60 * 60 * 1000;

export function createAuth(db: Db, url = databaseUrl()) {
  return betterAuth({
    appName: "Riskledger",
    secret: authSecret(),
    // BETTER_AUTH_URL names the public address behind a proxy. Unset, the request's own host is
    // used if it is a loopback address (the embedded install) or listed in RISKLEDGER_HOSTS.
    baseURL: process.env.BETTER_AUTH_URL || { allowedHosts: allowedHosts(), protocol: "http" },
    // A state-changing request must come from the page's own origin (better-auth checks Origin
    // against this list on every POST that carries cookies).
    trustedOrigins: (request) => [ownOrigin(request), process.env.BETTER_AUTH_URL].filter(Boolean) as string[],
    database: prismaAdapter(db, { provider: isPostgres(url) ? "postgresql" : "sqlite" }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      // scrypt behind a small semaphore (lib/auth/password-hashing.ts); a full one answers 429.
      password: { hash: (password) => busyAs429(() => hashPassword(password)), verify: (data) => busyAs429(() => verifyPassword(data)) },
    },
    user: {
      additionalFields: {
        // Never taken from a request: only lib/users sets them.
        role: { type: "string", input: false, defaultValue: "VIEWER" },
        disabled: { type: "boolean", input: false, defaultValue: false },
        mustChangePassword: { type: "boolean", input: false, defaultValue: false },
      },
    },
    session: {
      expiresIn: SESSION_DAYS * 24 * 60 * 60,
      updateAge: 24 * 60 * 60,
    },
    // Our own limiter (lib/auth/sign-in-rate-limit.ts) keys on address and email; better-auth's
    // keys on address alone and would lock out a whole office behind one NAT.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    advanced: {
      cookiePrefix: "riskledger",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", path: "/" },
      useSecureCookies: secureCookies(),
      // Prisma's @default(cuid()) names the rows, as everywhere else in the schema.
      database: { generateId: false },
    },
    databaseHooks: {
      session: {
        create: {
          // A disabled person cannot start a session, and hears what a wrong password hears:
          // "disabled" only for the right password would confirm the password to whoever tries.
          // A one-time password's session lasts an hour: long enough to choose a new password.
          before: async (session) => {
            const user = await db.user.findUnique({ where: { id: session.userId }, select: { disabled: true, mustChangePassword: true } });
            if (!user || user.disabled) throw APIError.from("UNAUTHORIZED", BASE_ERROR_CODES.INVALID_EMAIL_OR_PASSWORD);
            if (user.mustChangePassword) return { data: { ...session, expiresAt: new Date(Date.now() + ONE_TIME_SESSION_MS) } };
          },
          // A one-time password works once: the session it opened is its only use. Its hash is
          // replaced by a random salt and key in scrypt's "salt:key" form, which no password
          // derives to: it never signs in again, and checking against it costs the usual hash.
          after: async (session) => {
            const user = await db.user.findUnique({
              where: { id: session.userId },
              select: { id: true, name: true, email: true, role: true, mustChangePassword: true },
            });
            if (!user?.mustChangePassword) return;
            const spent = `${randomBytes(16).toString("hex")}:${randomBytes(64).toString("hex")}`;
            await db.account.updateMany({ where: { userId: user.id, providerId: "credential" }, data: { password: spent } });
            await recordAuditEvent(
              db,
              { id: user.id, label: userLabel(user), role: user.role },
              { action: "auth.one-time-password-used", entityType: "User", entityId: user.id },
            );
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (!OPEN_PATHS.includes(ctx.path)) throw new APIError("NOT_FOUND");
        if (ctx.path === "/sign-out") {
          const token = await ctx.getSignedCookie(ctx.context.authCookies.sessionToken.name, ctx.context.secret);
          const current = token ? await ctx.context.internalAdapter.findSession(token) : null;
          if (current) await recordSignOut(db, { id: current.user.id, label: userLabel(current.user), role: current.user.role as Role });
          return;
        }
        if (ctx.path !== "/sign-in/email") return;
        const email = signInEmail(ctx.body);
        // Refused before anything is counted or stored: the limiter keys its buckets and its day-long
        // failure streaks on the email, and a megabyte of one would be kept a day per attempt.
        if (email === null) throw new APIError("BAD_REQUEST", { message: "email: not an email address of at most 254 characters" });
        const address = clientAddress(ctx.headers ?? new Headers());
        const device = await ctx.getSignedCookie(KNOWN_DEVICE_COOKIE, ctx.context.secret);
        const knownDevice = device ? knownDeviceOf(device, (await findAccount(db, email))?.id) : undefined;
        const gate = await signInAttempt(db, { address, email, knownDevice });
        if (!gate.ok) {
          if (gate.firstRefusal) await recordSignInThrottled(db, (await findAccount(db, email))?.id ?? null, gate.limit, gate.waitSeconds, address);
          throw new APIError(
            "TOO_MANY_REQUESTS",
            { message: `Too many sign-in attempts. Try again in ${gate.waitSeconds} seconds.` },
            { "Retry-After": String(gate.waitSeconds) },
          );
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const email = signInEmail(ctx.body);
        if (email === null) return;
        const address = clientAddress(ctx.headers ?? new Headers());
        const returned = ctx.context.returned;
        if (isAPIError(returned)) {
          // Only a checked password is a guess: a malformed request or a full semaphore is not.
          if (returned.statusCode !== 401) return;
          await signInOutcome(db, email, false);
          const account = await findAccount(db, email);
          await recordSignInRefused(db, account?.id ?? null, !account ? "unknown email" : account.disabled ? "account disabled" : "wrong password", address);
          return;
        }
        const signedIn = ctx.context.newSession;
        if (!signedIn) return;
        await signInOutcome(db, email, true);
        const user = signedIn.user as typeof signedIn.user & { role: Role };
        await recordSignIn(db, { id: user.id, label: userLabel(user), role: user.role }, address);
        await ctx.setSignedCookie(KNOWN_DEVICE_COOKIE, newKnownDevice(user.id), ctx.context.secret, {
          httpOnly: true,
          sameSite: "lax",
          path: "/",
          secure: secureCookies(),
          maxAge: KNOWN_DEVICE_DAYS * 24 * 60 * 60,
        });
      }),
    },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** Cookies are marked Secure when the public address (BETTER_AUTH_URL) is https. */
function secureCookies(): boolean {
  return process.env.BETTER_AUTH_URL?.startsWith("https://") ?? false;
}

/** The email a sign-in names, as accounts are stored; null when it is not one an account could have. */
function signInEmail(body: unknown): string | null {
  return emailSchema.safeParse((body as { email?: unknown } | undefined)?.email).data ?? null;
}

function findAccount(db: Db, email: string) {
  return email ? db.user.findUnique({ where: { email }, select: { id: true, disabled: true } }) : Promise.resolve(null);
}

/** A full hashing semaphore becomes better-auth's 429, with when to come back. */
async function busyAs429<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof PasswordHashingBusy)) throw error;
    throw new APIError("TOO_MANY_REQUESTS", { message: error.message }, { "Retry-After": String(error.retryAfterSeconds) });
  }
}

function allowedHosts(): string[] {
  const extra =
    process.env.RISKLEDGER_HOSTS?.split(",")
      .map((host) => host.trim())
      .filter(Boolean) ?? [];
  return ["127.0.0.1:*", "127.0.0.1", "localhost:*", "localhost", "[::1]:*", ...extra];
}

function ownOrigin(request: Request | undefined): string | undefined {
  const host = request?.headers.get("host");
  if (!host) return undefined;
  const protocol = request?.headers.get("x-forwarded-proto") ?? new URL(request!.url).protocol.replace(":", "");
  return `${protocol}://${host}`;
}

const instances = new Map<string, Auth>();

/** The auth instance for DATABASE_URL, made on first use (never at build time). */
export function getAuth(): Auth {
  const url = databaseUrl();
  let auth = instances.get(url);
  if (!auth) {
    auth = createAuth(getDb(), url);
    instances.set(url, auth);
  }
  return auth;
}
