import type { Role } from "../domain/vocabulary";

/** Who is doing something: a signed-in user, or a named automation (CLI, worker). */
export interface Actor {
  id: string | null;
  label: string;
  role: Role;
}

const rank: Record<Role, number> = { VIEWER: 0, REVIEWER: 1, APPROVER: 2, ADMIN: 3 };

/** Roles are ordered: an approver may do what a reviewer may, an admin all of it. */
export function hasRole(actor: Actor, needed: Role): boolean {
  return roleAtLeast(actor.role, needed);
}

export function roleAtLeast(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}

/** How a person is named in the audit log and in conflict messages: unambiguous, readable. */
export function userLabel(user: { name: string; email: string }): string {
  return `${user.name} <${user.email}>`;
}

/** A recorded label as anyone may read it: a person's name, their email taken out. */
export function withoutEmail(label: string): string {
  return label.replace(/\s*<[^<>]*@[^<>]*>/g, "");
}
