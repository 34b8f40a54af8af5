-- AlterTable
ALTER TABLE "ExternalImport" ADD COLUMN "storingBy" TEXT;
ALTER TABLE "ExternalImport" ADD COLUMN "storingHeartbeatAt" DATETIME;

-- An import whose process was killed before it wrote its evidence (it has no evidence.import audit
-- event, written in the same transaction) is one still storing, long abandoned: it counts nowhere,
-- and the next import of its file starts it over.
UPDATE "ExternalImport" SET "storingBy" = 'before-migration', "storingHeartbeatAt" = '1970-01-01T00:00:00.000+00:00'
WHERE "id" NOT IN (SELECT "entityId" FROM "AuditEvent" WHERE "action" = 'evidence.import' AND "entityType" = 'ExternalImport');
