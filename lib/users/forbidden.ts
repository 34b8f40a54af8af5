// The answer every user-management function gives a non-admin.
import type { Actor } from "../auth/actor";

export function notAdmin(actor: Actor, doing: string) {
  return { ok: false, kind: "forbidden", message: `${actor.label} is a ${actor.role.toLowerCase()}: ${doing} needs the admin role` } as const;
}
