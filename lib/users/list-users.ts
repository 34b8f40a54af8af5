// Everyone who can sign in, for the admin page and `riskledger user list`. Admins only: the list
// holds email addresses.
import type { Actor } from "../auth/actor";
import { hasRole } from "../auth/actor";
import type { Db } from "../db/types";
import type { Role } from "../domain/vocabulary";
import { refuseRole, type RoleRefusal } from "../commands/define-command";

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
}

export async function listUsers(db: Db, actor: Actor): Promise<{ ok: true; users: UserRow[] } | RoleRefusal> {
  if (!hasRole(actor, "ADMIN")) return refuseRole(actor, "ADMIN", "listing people");
  const users = await db.user.findMany({
    orderBy: [{ disabled: "asc" }, { email: "asc" }],
    select: { id: true, email: true, name: true, role: true, disabled: true, createdAt: true },
  });
  return { ok: true, users };
}
