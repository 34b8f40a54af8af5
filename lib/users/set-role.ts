// An admin changes what a person may do. Audited; takes effect on their next request, because
// every request reads the role from the database.
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Role } from "../domain/vocabulary";
import { describeUserRef, findUser } from "./find-user";
import { wouldLeaveNoAdmin } from "./last-admin";
import { setRoleSchema } from "./user-schema";
import { defineCommand } from "../commands/define-command";

export type SetRoleResult =
  | { ok: true; user: { id: string; email: string; role: Role } }
  | { ok: false; kind: "invalid" | "forbidden" | "not_found"; message: string };

export const setRole = defineCommand({
  name: "user.set-role",
  doing: "changing a role",
  role: "ADMIN",
  schema: setRoleSchema,
  audit: ["user.set-role"],
  async run(db, actor, input): Promise<SetRoleResult> {
    const { user: ref, role } = input;

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
  },
});
