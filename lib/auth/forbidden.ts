// For lib/ functions whose result has no refusal case (the card import): a thrown refusal.
import type { Role } from "../domain/vocabulary";
import type { Actor } from "./actor";
import { hasRole } from "./actor";

export class Forbidden extends Error {}

export function requireRole(actor: Actor, needed: Role, doing: string): void {
  if (!hasRole(actor, needed)) {
    throw new Forbidden(`${actor.label} is a ${actor.role.toLowerCase()}: ${doing} needs the ${needed.toLowerCase()} role`);
  }
}
