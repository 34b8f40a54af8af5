// Route handlers answer a signed-out caller with 401 (the proxy does too; this covers a session
// that ends between the two) instead of a redirect meant for browsers.
import type { Actor } from "../auth/actor";
import { sessionActor } from "../auth/current-actor";

export async function apiActor(): Promise<Actor | Response> {
  return (await sessionActor()) ?? Response.json({ error: "sign in first" }, { status: 401 });
}
