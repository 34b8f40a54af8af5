// An admin disables (or re-enables) a person. Disabling ends their sessions at once, and the
// session hook in lib/auth/auth.ts refuses them a new one. Audited.
import type { Actor } from "../auth/actor";
import { hasRole } from "../auth/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Db } from "../db/types";
import { notAdmin } from "./forbidden";
import { describeUserRef, findUser } from "./find-user";
import { wouldLeaveNoAdmin } from "./last-admin";
import { setDisabledSchema } from "./user-schema";

export type SetDisabledResult =
  | { ok: true; user: { id: string; email: string; disabled: boolean }; sessionsEnded: number }
  | { ok: false; kind: "invalid" | "forbidden" | "not_found"; message: string };

export async function setDisabled(db: Db, actor: Actor, input: unknown): Promise<SetDisabledResult> {
  const parsed = setDisabledSchema.safeParse(input);
  if (!parsed.success) return { ok: false, kind: "invalid", message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  if (!hasRole(actor, "ADMIN")) return notAdmin(actor, parsed.data.disabled ? "disabling a person" : "enabling a person");
  const { user: ref, disabled } = parsed.data;

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
}
