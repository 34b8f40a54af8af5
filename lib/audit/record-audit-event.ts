// AuditEvents are append-only: this is the only writer, and nothing updates or deletes them.
import type { Actor } from "../auth/actor";
import type { Db, DbTransaction } from "../db/types";

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export async function recordAuditEvent(db: Db | DbTransaction, actor: Actor, entry: AuditEntry) {
  return db.auditEvent.create({
    data: {
      actorId: actor.id,
      actorLabel: actor.label,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before === undefined ? undefined : (entry.before as object),
      after: entry.after === undefined ? undefined : (entry.after as object),
    },
  });
}

/** The fields that differ between two snapshots, as {before, after} holding only those. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T) {
  const keys = Object.keys(after).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  return {
    before: Object.fromEntries(keys.map((key) => [key, before[key]])),
    after: Object.fromEntries(keys.map((key) => [key, after[key]])),
    changed: keys,
  };
}
