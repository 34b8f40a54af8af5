// Sign-in: better-auth with email and password, sessions in the database through Prisma.
// Passwords are hashed with scrypt (better-auth's default: N=16384, r=16, p=1, memory-hard).
// Nobody signs themselves up: admins create people (lib/users), so sign-up and every
// self-service account endpoint are switched off and only sign-in, sign-out and session remain.
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, getIP } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { getDb } from "../db/client";
import type { Db } from "../db/types";
import { databaseUrl, isPostgres } from "../db/url";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, SESSION_DAYS } from "./auth-limits";
import { authSecret } from "./secret";
import { signInAttempt } from "./sign-in-rate-limit";


/** The only better-auth endpoints Riskledger answers; every other one is refused as not found. */
const OPEN_PATHS = ["/sign-in/email", "/sign-out", "/get-session", "/ok", "/error"];

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
    },
    user: {
      additionalFields: {
        // Never taken from a request: only lib/users sets them.
        role: { type: "string", input: false, defaultValue: "VIEWER" },
        disabled: { type: "boolean", input: false, defaultValue: false },
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
      useSecureCookies: process.env.BETTER_AUTH_URL?.startsWith("https://") ?? false,
      // Prisma's @default(cuid()) names the rows, as everywhere else in the schema.
      database: { generateId: false },
    },
    databaseHooks: {
      session: {
        create: {
          // A disabled person cannot start a session, whatever their password.
          before: async (session) => {
            const user = await db.user.findUnique({ where: { id: session.userId }, select: { disabled: true } });
            if (!user || user.disabled) throw new APIError("FORBIDDEN", { message: "This account is disabled." });
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (!OPEN_PATHS.includes(ctx.path)) throw new APIError("NOT_FOUND");
        if (ctx.path !== "/sign-in/email") return;
        const email = typeof ctx.body?.email === "string" ? ctx.body.email : "";
        const address = (ctx.headers && getIP(ctx.headers, ctx.context.options)) ?? "unknown";
        const wait = signInAttempt(address, email);
        if (wait !== null) {
          throw new APIError("TOO_MANY_REQUESTS", { message: `Too many sign-in attempts. Try again in ${wait} seconds.` });
        }
      }),
    },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

function allowedHosts(): string[] {
  const extra = process.env.RISKLEDGER_HOSTS?.split(",").map((host) => host.trim()).filter(Boolean) ?? [];
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
