-- A suite records where it was last written from, a file of content/suites or an upload in the app, so that the
-- sync of the folder can retire a suite whose file was taken out, and never an uploaded one, and when it was retired.
-- An existing suite's origin is read from the audit log: uploaded where its last audited write was an upload.
-- CreateEnum
CREATE TYPE "SuiteOrigin" AS ENUM ('FILE', 'UPLOAD');

-- AlterTable
ALTER TABLE "TestSuite" ADD COLUMN     "origin" "SuiteOrigin" NOT NULL DEFAULT 'FILE',
ADD COLUMN     "retiredAt" TIMESTAMP(3);

UPDATE "TestSuite" SET "origin" = 'UPLOAD' WHERE (
    SELECT "action" FROM "AuditEvent"
    WHERE "entityType" = 'Model' AND "entityId" = "TestSuite"."modelId" AND "action" IN ('suite.sync', 'suite.upload')
      AND "after"->>'suite' = "TestSuite"."key"
    ORDER BY "at" DESC LIMIT 1
) = 'suite.upload';
