// An admin adds a person: the User row, their email-and-password Account (scrypt hash, as
// better-auth writes it on sign-up) and the AuditEvent, in one transaction.
import { hashPassword } from "better-auth/crypto";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Role } from "../domain/vocabulary";
import { oneTimePassword } from "./one-time-password";
import { newUserSchema } from "./user-schema";
import { defineCommand } from "../commands/define-command";

export interface CreatedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export type CreateUserResult =
  | { ok: true; user: CreatedUser /** Only when none was given: show it once, it is not kept. */; oneTimePassword?: string }
  | { ok: false; kind: "invalid" | "forbidden" | "exists"; message: string };

/** better-auth's name for the email-and-password sign-in method. */
export const CREDENTIAL_PROVIDER = "credential";

export const createUser = defineCommand({
  name: "user.create",
  doing: "adding a person",
  role: "ADMIN",
  schema: newUserSchema,
  audit: ["user.create"],
  async run(db, actor, input): Promise<CreateUserResult> {
    const { email, name, role } = input;
    const generated = input.password ? undefined : oneTimePassword();
    const hash = await hashPassword(input.password ?? generated!);

    return db.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email } })) {
        return { ok: false, kind: "exists", message: `a person with email ${email} already exists` } as const;
      }
      // A generated password is one-time: it signs in once, and the person then chooses their own.
      const user = await tx.user.create({
        data: { email, name, role, mustChangePassword: Boolean(generated) },
        select: { id: true, email: true, name: true, role: true },
      });
      await tx.account.create({ data: { userId: user.id, providerId: CREDENTIAL_PROVIDER, accountId: user.id, password: hash } });
      await recordAuditEvent(tx, actor, { action: "user.create", entityType: "User", entityId: user.id, after: { email, name, role } });
      return { ok: true, user, ...(generated ? { oneTimePassword: generated } : {}) } as const;
    });
  },
});
