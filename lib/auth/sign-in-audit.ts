// The audit trail of signing in and out. An event names the account by id (an admin's log shows
// who), never a password, and never an email that matches nobody: people type passwords into the
// email field. Throttled attempts are recorded once per burst, so a flood cannot fill the log.
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Db } from "../db/types";
import type { Actor } from "./actor";

/** Whoever is trying to sign in, before they have: nobody yet. */
const SIGN_IN_ATTEMPT: Actor = { id: null, label: "sign-in attempt", role: "VIEWER" };
/** The entity of an attempt on an email that matches nobody. */
export const UNKNOWN_ACCOUNT = "unknown";

export type SignInRefusal = "wrong password" | "account disabled" | "unknown email";

export function recordSignIn(db: Db, actor: Actor, address: string) {
  return recordAuditEvent(db, actor, { action: "auth.sign-in", entityType: "User", entityId: actor.id ?? UNKNOWN_ACCOUNT, after: { address } });
}

export function recordSignInRefused(db: Db, userId: string | null, reason: SignInRefusal, address: string) {
  return recordAuditEvent(db, SIGN_IN_ATTEMPT, {
    action: "auth.sign-in.refused",
    entityType: "User",
    entityId: userId ?? UNKNOWN_ACCOUNT,
    after: { reason, address },
  });
}

export function recordSignInThrottled(db: Db, userId: string | null, limit: string, waitSeconds: number, address: string) {
  return recordAuditEvent(db, SIGN_IN_ATTEMPT, {
    action: "auth.sign-in.throttled",
    entityType: "User",
    entityId: userId ?? UNKNOWN_ACCOUNT,
    after: { limit, waitSeconds, address },
  });
}

export function recordSignOut(db: Db, actor: Actor) {
  return recordAuditEvent(db, actor, { action: "auth.sign-out", entityType: "User", entityId: actor.id ?? UNKNOWN_ACCOUNT });
}
