// First run: when no active admin exists, make one with a one-time password and hand it back to
// be printed once. Afterwards it does nothing, so the start command can call it every time.
import type { Actor } from "../auth/actor";
import type { Db } from "../db/types";
import { createUser, type CreateUserResult } from "./create-user";

export const FIRST_ADMIN_EMAIL = "admin@riskledger.local";

export type EnsureAdminResult = { created: false; adminEmails: string[] } | { created: true; result: CreateUserResult };

export async function ensureAdmin(db: Db, actor: Actor, email = FIRST_ADMIN_EMAIL): Promise<EnsureAdminResult> {
  const admins = await db.user.findMany({ where: { role: "ADMIN", disabled: false }, select: { email: true } });
  if (admins.length > 0) return { created: false, adminEmails: admins.map((a) => a.email) };
  return { created: true, result: await createUser(db, actor, { email, name: "Administrator", role: "ADMIN" }) };
}
