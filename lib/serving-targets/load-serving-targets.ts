// Serving targets as each reader needs them: every field for the admin page; names and model
// names for the reviewers who choose one (the address and the key's variable are configuration,
// which only admins see).
import type { Actor } from "../auth/actor";
import { hasRole } from "../auth/actor";
import type { Db } from "../db/types";

/** Who may read a target's configuration (address, key variable), and so what its endpoint said in an error. */
export function mayReadServingTargetConfig(reader: Actor | undefined): boolean {
  return reader !== undefined && hasRole(reader, "ADMIN");
}

export interface ServingTargetChoice {
  name: string;
  model: string;
}

export async function listServingTargets(db: Db) {
  return db.servingTarget.findMany({ orderBy: { name: "asc" } });
}

export async function servingTargetChoices(db: Db): Promise<ServingTargetChoice[]> {
  return db.servingTarget.findMany({ select: { name: true, model: true }, orderBy: { name: "asc" } });
}
