// Who is acting in this request: the person whose better-auth session cookie came with it. Pages,
// server actions and route handlers all ask here; lib/ then checks the actor's role.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Role } from "../domain/vocabulary";
import { userLabel, type Actor } from "./actor";
import { getAuth } from "./auth";
import { SIGN_IN_PATH } from "./paths";

/**
 * The signed-in person, or null when the request has no live session or the person is disabled.
 * `requestHeaders` is for the proxy, which runs before next/headers is available.
 */
export async function sessionActor(requestHeaders?: Headers): Promise<Actor | null> {
  const session = await getAuth().api.getSession({ headers: requestHeaders ?? (await headers()) });
  if (!session) return null;
  const user = session.user as typeof session.user & { role: Role; disabled: boolean };
  if (user.disabled) return null;
  return { id: user.id, label: userLabel(user), role: user.role };
}

/** The signed-in person; a signed-out visitor is sent to the sign-in page instead. */
export async function currentActor(): Promise<Actor> {
  const actor = await sessionActor();
  if (!actor) redirect(SIGN_IN_PATH);
  return actor;
}
