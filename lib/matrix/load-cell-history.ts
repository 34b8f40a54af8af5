// A cell's history from its AuditEvents, newest first: who, when, and each field's before -> after.
import type { Db } from "../db/types";
import { describeCellChanges, jsonObject, namesForIds, type FieldChange } from "./describe-cell-changes";

export interface CellHistoryEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  changes: FieldChange[];
}

export async function loadCellHistory(db: Db, cellId: string): Promise<CellHistoryEntry[]> {
  const events = await db.auditEvent.findMany({
    where: { entityType: "Cell", entityId: cellId },
    orderBy: { at: "desc" },
  });
  const names = await namesForIds(
    db,
    events.flatMap((event) => [event.before, event.after]),
  );
  return events.map((event) => ({
    id: event.id,
    at: event.at.toISOString(),
    actor: event.actorLabel,
    action: event.action,
    changes: describeCellChanges(jsonObject(event.before), jsonObject(event.after), names),
  }));
}
