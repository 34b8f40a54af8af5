-- AuditEvent is append-only. lib/audit/record-audit-event.ts is its only writer and inserts;
-- this trigger makes the database itself refuse any UPDATE or DELETE, whoever asks.
CREATE FUNCTION "AuditEvent_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent is append-only: rows cannot be %', lower(TG_OP) || 'd';
END;
$$;

CREATE TRIGGER "AuditEvent_no_update_or_delete" BEFORE UPDATE OR DELETE ON "AuditEvent"
FOR EACH ROW EXECUTE FUNCTION "AuditEvent_append_only"();
