// Who is acting in this request. Until sign-in exists every request acts as the local operator
// of an embedded single-user install.
import type { Actor } from "./actor";

export async function currentActor(): Promise<Actor> {
  return { id: null, label: "local operator", role: "ADMIN" };
}
