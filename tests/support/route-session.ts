// A real signed-in session for tests that call the app's route handlers and server actions as
// functions, outside a Next.js server. Next.js hands a handler the request's headers through
// `next/headers`; the integration-app project's setup (tests/support/next-stand-ins.ts) stands that
// module in with `nextHeadersStandIn`, and `signInAs` signs in through the real auth route, so every
// later call carries its cookie. The auth route is imported when first signing in, not at the top: it
// reads `next/headers` itself, whose stand-in is this module.
import { createUser } from "../../lib/users/create-user";
import type { Db } from "../../lib/db/types";
import type { Role } from "../../lib/domain/vocabulary";

const current = { headers: new Headers() };

export const nextHeadersStandIn = {
  headers: async () => current.headers,
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {}, delete: () => {}, has: () => false }),
};

/** The `name=value` pairs a response sets, as a browser would send them back in one Cookie header. */
export function cookieHeaderOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}

/** Signs in with the real auth route (against DATABASE_URL) and makes later handler calls carry the session. */
export async function signInAs(email: string, password: string): Promise<string> {
  const { POST: authPost } = await import("../../app/api/auth/[...all]/route");
  const response = await authPost(
    new Request("http://127.0.0.1/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    }),
  );
  if (!response.ok) throw new Error(`sign-in as ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = cookieHeaderOf(response);
  sendCookie(cookie);
  return cookie;
}

/** Makes later handler calls carry `cookie`; an empty one is a request without a session. */
export function sendCookie(cookie: string): void {
  current.headers = new Headers({ host: "127.0.0.1", ...(cookie ? { cookie } : {}) });
}

/** Creates a user in `db` and signs in as them: the usual start of a test of one role's requests. */
export async function signInAsNewUser(db: Db, user: { email: string; name: string; role: Role; password: string }): Promise<string> {
  const created = await createUser(db, { id: null, label: "setup", role: "ADMIN" }, user);
  if (!created.ok) throw new Error(created.message);
  return signInAs(user.email, user.password);
}
