// A person changes their own password. The current one is asked for, except right after signing in
// with a one-time password: that one is spent (lib/auth/auth.ts) and the session it opened can do
// nothing else. Every other session of the old password ends; the one making the change stays.
// Audited, without either password.
import { hashPassword, PasswordHashingBusy, verifyPassword } from "../auth/password-hashing";
import { recordAuditEvent } from "../audit/record-audit-event";
import { CREDENTIAL_PROVIDER } from "./create-user";
import { changePasswordSchema } from "./user-schema";
import { defineCommand } from "../commands/define-command";

export type ChangePasswordResult = { ok: true; sessionsEnded: number } | { ok: false; kind: "invalid" | "forbidden" | "busy"; message: string };

export const changeOwnPassword = defineCommand({
  name: "user.change-own-password",
  doing: "changing one's password",
  role: "VIEWER",
  schema: changePasswordSchema,
  audit: ["user.change-password"],
  async run(db, actor, input, options: { keepSessionId?: string } = {}): Promise<ChangePasswordResult> {
    const { keepSessionId } = options;
    if (!actor.id) return { ok: false, kind: "forbidden", message: `${actor.label} is not a person and has no password` };
    const user = await db.user.findUnique({
      where: { id: actor.id },
      select: { id: true, mustChangePassword: true, accounts: { where: { providerId: CREDENTIAL_PROVIDER } } },
    });
    const account = user?.accounts[0];
    if (!user || !account?.password) return { ok: false, kind: "forbidden", message: `${actor.label} has no password to change` };
    const { currentPassword, newPassword } = input;

    try {
      if (!user.mustChangePassword) {
        if (!currentPassword) return { ok: false, kind: "invalid", message: "currentPassword: enter your current password" };
        if (!(await verifyPassword({ hash: account.password, password: currentPassword }))) {
          return { ok: false, kind: "invalid", message: "currentPassword: the current password is wrong" };
        }
      }
      const hash = await hashPassword(newPassword);
      return await db.$transaction(async (tx) => {
        await tx.account.update({ where: { id: account.id }, data: { password: hash } });
        await tx.user.update({ where: { id: user.id }, data: { mustChangePassword: false } });
        const ended = (await tx.session.deleteMany({ where: { userId: user.id, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } })).count;
        await recordAuditEvent(tx, actor, {
          action: "user.change-password",
          entityType: "User",
          entityId: user.id,
          after: { fromOneTimePassword: user.mustChangePassword, sessionsEnded: ended },
        });
        return { ok: true, sessionsEnded: ended } as const;
      });
    } catch (error) {
      if (error instanceof PasswordHashingBusy) return { ok: false, kind: "busy", message: error.message };
      throw error;
    }
  },
});
