// Nobody may lock everyone out: the last active admin can be neither demoted nor disabled.
import type { DbTransaction } from "../db/types";

export async function wouldLeaveNoAdmin(tx: DbTransaction, user: { id: string; role: string; disabled: boolean }) {
  if (user.role !== "ADMIN" || user.disabled) return false;
  const others = await tx.user.count({ where: { role: "ADMIN", disabled: false, id: { not: user.id } } });
  return others === 0;
}
