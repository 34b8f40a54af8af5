-- AuditEvent is append-only. lib/audit/record-audit-event.ts is its only writer and inserts;
-- these triggers make the database itself refuse any UPDATE or DELETE, whoever asks.
CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent"
BEGIN
  SELECT RAISE(ABORT, 'AuditEvent is append-only: rows cannot be updated');
END;

CREATE TRIGGER "AuditEvent_no_delete" BEFORE DELETE ON "AuditEvent"
BEGIN
  SELECT RAISE(ABORT, 'AuditEvent is append-only: rows cannot be deleted');
END;
