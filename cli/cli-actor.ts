import { userInfo } from "node:os";
import { type Actor, userLabel } from "../lib/auth/actor";
import type { Db } from "../lib/db/types";
import { emailSchema } from "../lib/users/user-schema";

/** The CLI acts as the operator of the machine it runs on, named in the audit log. */
export function cliActor(): Actor {
  return { id: null, label: `cli:${userInfo().username}`, role: "ADMIN" };
}

/**
 * The person the operator names with `--as EMAIL`, for a write whose author the approval gate must
 * know: a cell's last judge may not approve it (separation of duties), and an unnamed operator is
 * nobody it can keep out. Acts with that person's id and role; the audit log names the operator too.
 */
export async function namedCliActor(db: Db, email: string): Promise<Actor> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) throw new Error(`--as ${email}: not an email address`);
  const user = await db.user.findUnique({ where: { email: parsed.data }, select: { id: true, name: true, email: true, role: true, disabled: true } });
  if (!user) throw new Error(`--as ${email}: no person has that email (riskledger user list names them)`);
  if (user.disabled) throw new Error(`--as ${email}: ${user.name} is disabled`);
  return { id: user.id, label: `${userLabel(user)} (${cliActor().label})`, role: user.role };
}

/**
 * Who a command that writes judgements acts as: the person `--as` names or, only while the database
 * has no people (the first start imports the shipped card before its first admin exists), the operator.
 */
export async function judgingCliActor(db: Db, as: string | undefined, doing: string): Promise<Actor> {
  if (as !== undefined) return namedCliActor(db, as);
  if ((await db.user.count()) === 0) return cliActor();
  throw new Error(`${doing} records who made it, and its author may not approve it (separation of duties): name yourself with --as EMAIL`);
}
