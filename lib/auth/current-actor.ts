// Who is acting in this request: the person whose better-auth session cookie came with it. Pages,
// server actions and route handlers all ask here; lib/ then checks the actor's role.
import { headers } from "next/headers";
import { cache } from "react";
import { redirect } from "next/navigation";
import type { Role } from "../domain/vocabulary";
import { userLabel, type Actor } from "./actor";
import { getAuth } from "./auth";
import { CHANGE_PASSWORD_PATH, SIGN_IN_PATH } from "./paths";

export interface CurrentSession {
  actor: Actor;
  sessionId: string;
  /** Signed in with a one-time password: nothing but changing it is allowed. */
  mustChangePassword: boolean;
}

/**
 * The live session of this request, or null when there is none or the person is disabled.
 * `requestHeaders` is for the proxy, which runs before next/headers is available.
 */
export async function currentSession(requestHeaders?: Headers): Promise<CurrentSession | null> {
  return requestHeaders ? sessionOf(requestHeaders) : sessionOfThisRender();
}

// A page asks several times while it renders (the session bar, the model's layout, the page itself),
// each a cookie signature check and a database read: once per render is enough.
const sessionOfThisRender = cache(async () => sessionOf(await headers()));

async function sessionOf(requestHeaders: Headers): Promise<CurrentSession | null> {
  const session = await getAuth().api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const user = session.user as typeof session.user & { role: Role; disabled: boolean; mustChangePassword: boolean };
  if (user.disabled) return null;
  return { actor: { id: user.id, label: userLabel(user), role: user.role }, sessionId: session.session.id, mustChangePassword: user.mustChangePassword };
}

/**
 * The signed-in person, or null: no live session, a disabled person, or a session that must change
 * its one-time password first (it may act on nothing else).
 */
export async function sessionActor(requestHeaders?: Headers): Promise<Actor | null> {
  const session = await currentSession(requestHeaders);
  return session && !session.mustChangePassword ? session.actor : null;
}

/** The signed-in person; a signed-out visitor is sent to sign in, a one-time password to change. */
export async function currentActor(): Promise<Actor> {
  const session = await currentSession();
  if (!session) redirect(SIGN_IN_PATH);
  if (session.mustChangePassword) redirect(CHANGE_PASSWORD_PATH);
  return session.actor;
}
