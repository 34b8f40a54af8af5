import type { Db, DbTransaction } from "../db/types";
import type { UserRef } from "./user-schema";

export function findUser(db: Db | DbTransaction, ref: UserRef) {
  return db.user.findUnique({ where: "userId" in ref ? { id: ref.userId } : { email: ref.email } });
}

export function describeUserRef(ref: UserRef): string {
  return "userId" in ref ? `no person with id ${ref.userId}` : `no person with email ${ref.email}`;
}
