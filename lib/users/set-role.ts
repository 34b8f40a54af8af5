// An admin changes what a person may do. Audited; takes effect on their next request, because
// every request reads the role from the database.
import type { Actor } from "../auth/actor";
import { hasRole } from "../auth/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Db } from "../db/types";
import type { Role } from "../domain/vocabulary";
import { notAdmin } from "./forbidden";
import { describeUserRef, findUser } from "./find-user";
import { wouldLeaveNoAdmin } from "./last-admin";
import { setRoleSchema } from "./user-schema";

export type SetRoleResult =
  | { ok: true; user: { id: string; email: string; role: Role } }
  | { ok: false; kind: "invalid" | "forbidden" | "not_found"; message: string };

export async function setRole(db: Db, actor: Actor, input: unknown): Promise<SetRoleResult> {
  const parsed = setRoleSchema.safeParse(input);
  if (!parsed.success) return { ok: false, kind: "invalid", message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  if (!hasRole(actor, "ADMIN")) return notAdmin(actor, "changing a role");
  const { user: ref, role } = parsed.data;

  return db.$transaction(async (tx) => {
    const user = await findUser(tx, ref);
    if (!user) return { ok: false, kind: "not_found", message: describeUserRef(ref) } as const;
    if (user.role === role) return { ok: true, user: { id: user.id, email: user.email, role } } as const;
    if (role !== "ADMIN" && (await wouldLeaveNoAdmin(tx, user))) {
      return { ok: false, kind: "invalid", message: `${user.email} is the last active admin: make someone else admin first` } as const;
    }
    await tx.user.update({ where: { id: user.id }, data: { role } });
    await recordAuditEvent(tx, actor, { action: "user.set-role", entityType: "User", entityId: user.id, before: { role: user.role }, after: { role } });
    return { ok: true, user: { id: user.id, email: user.email, role } } as const;
  });
}
