// An admin resets a person's password: a new one-time password, returned once to be handed over,
// never stored in clear. The old password stops working and every session it opened ends; the
// person must choose a new password after signing in with the one-time one. Audited, without it.
import { hashPassword, PasswordHashingBusy } from "../auth/password-hashing";
import { recordAuditEvent } from "../audit/record-audit-event";
import { CREDENTIAL_PROVIDER } from "./create-user";
import { describeUserRef, findUser } from "./find-user";
import { oneTimePassword } from "./one-time-password";
import { resetPasswordSchema } from "./user-schema";
import { defineCommand } from "../commands/define-command";

export type ResetPasswordResult =
  | { ok: true; user: { id: string; email: string }; oneTimePassword: string; sessionsEnded: number }
  | { ok: false; kind: "invalid" | "forbidden" | "not_found" | "busy"; message: string };

export const resetPassword = defineCommand({
  name: "user.reset-password",
  doing: "resetting a password",
  role: "ADMIN",
  schema: resetPasswordSchema,
  audit: ["user.reset-password"],
  async run(db, actor, input): Promise<ResetPasswordResult> {
    const ref = input.user;
    const password = oneTimePassword();
    let hash: string;
    try {
      hash = await hashPassword(password);
    } catch (error) {
      if (error instanceof PasswordHashingBusy) return { ok: false, kind: "busy", message: error.message };
      throw error;
    }

    return db.$transaction(async (tx) => {
      const user = await findUser(tx, ref);
      if (!user) return { ok: false, kind: "not_found", message: describeUserRef(ref) } as const;
      const account = await tx.account.findFirst({ where: { userId: user.id, providerId: CREDENTIAL_PROVIDER } });
      if (account) await tx.account.update({ where: { id: account.id }, data: { password: hash } });
      else await tx.account.create({ data: { userId: user.id, providerId: CREDENTIAL_PROVIDER, accountId: user.id, password: hash } });
      await tx.user.update({ where: { id: user.id }, data: { mustChangePassword: true } });
      const ended = (await tx.session.deleteMany({ where: { userId: user.id } })).count;
      await recordAuditEvent(tx, actor, { action: "user.reset-password", entityType: "User", entityId: user.id, after: { sessionsEnded: ended } });
      return { ok: true, user: { id: user.id, email: user.email }, oneTimePassword: password, sessionsEnded: ended } as const;
    });
  },
});
