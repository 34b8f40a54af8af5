// An admin disables (or re-enables) a person. Disabling ends their sessions at once, and the
// session hook in lib/auth/auth.ts refuses them a new one. Audited.
import { recordAuditEvent } from "../audit/record-audit-event";
import { describeUserRef, findUser } from "./find-user";
import { wouldLeaveNoAdmin } from "./last-admin";
import { setDisabledSchema } from "./user-schema";
import { defineCommand } from "../commands/define-command";

export type SetDisabledResult =
  | { ok: true; user: { id: string; email: string; disabled: boolean }; sessionsEnded: number }
  | { ok: false; kind: "invalid" | "forbidden" | "not_found"; message: string };

export const setDisabled = defineCommand({
  name: "user.set-disabled",
  doing: "disabling or enabling a person",
  role: "ADMIN",
  schema: setDisabledSchema,
  audit: ["user.disable", "user.enable"],
  async run(db, actor, input): Promise<SetDisabledResult> {
    const { user: ref, disabled } = input;

    return db.$transaction(async (tx) => {
      const user = await findUser(tx, ref);
      if (!user) return { ok: false, kind: "not_found", message: describeUserRef(ref) } as const;
      if (disabled && (await wouldLeaveNoAdmin(tx, user))) {
        return { ok: false, kind: "invalid", message: `${user.email} is the last active admin: make someone else admin first` } as const;
      }
      const ended = disabled ? (await tx.session.deleteMany({ where: { userId: user.id } })).count : 0;
      if (user.disabled !== disabled) {
        await tx.user.update({ where: { id: user.id }, data: { disabled } });
        await recordAuditEvent(tx, actor, {
          action: disabled ? "user.disable" : "user.enable",
          entityType: "User",
          entityId: user.id,
          before: { disabled: user.disabled },
          after: { disabled },
        });
      }
      return { ok: true, user: { id: user.id, email: user.email, disabled }, sessionsEnded: ended } as const;
    });
  },
});
