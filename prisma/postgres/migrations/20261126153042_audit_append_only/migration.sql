-- AuditEvent is append-only. lib/audit/record-audit-event.ts is its only writer and inserts;
-- this trigger makes the database itself refuse any UPDATE or DELETE, whoever asks.
-- The function body spells its semicolons \x3B: the migration runner splits scripts at every
-- literal semicolon (adapter-pg's executeScript), quoted or not.
CREATE FUNCTION "AuditEvent_append_only"() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN RAISE EXCEPTION ''AuditEvent is append-only: rows cannot be changed (%)'', TG_OP\x3B END\x3B';

CREATE TRIGGER "AuditEvent_no_update_or_delete" BEFORE UPDATE OR DELETE ON "AuditEvent"
FOR EACH ROW EXECUTE FUNCTION "AuditEvent_append_only"();
