import type { Actor } from "../lib/auth/actor";
import { userInfo } from "node:os";

/** The CLI acts as the operator of the machine it runs on, named in the audit log. */
export function cliActor(): Actor {
  return { id: null, label: `cli:${userInfo().username}`, role: "ADMIN" };
}
