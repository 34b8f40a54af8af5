-- A suite records where it was last written from, a file of content/suites or an upload in the app, so that the
-- sync of the folder can retire a suite whose file was taken out, and never an uploaded one, and when it was retired.
-- An existing suite's origin is read from the audit log: uploaded where its last audited write was an upload.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_TestSuite" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "modelId" TEXT NOT NULL,
    "useId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "contentHash" TEXT NOT NULL,
    "origin" TEXT NOT NULL DEFAULT 'FILE',
    "retiredAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TestSuite_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TestSuite_useId_fkey" FOREIGN KEY ("useId") REFERENCES "Use" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_TestSuite" ("contentHash", "description", "id", "key", "modelId", "title", "updatedAt", "useId") SELECT "contentHash", "description", "id", "key", "modelId", "title", "updatedAt", "useId" FROM "TestSuite";
DROP TABLE "TestSuite";
ALTER TABLE "new_TestSuite" RENAME TO "TestSuite";
CREATE UNIQUE INDEX "TestSuite_modelId_key_key" ON "TestSuite"("modelId", "key");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
UPDATE "TestSuite" SET "origin" = 'UPLOAD' WHERE (
    SELECT "action" FROM "AuditEvent"
    WHERE "entityType" = 'Model' AND "entityId" = "TestSuite"."modelId" AND "action" IN ('suite.sync', 'suite.upload')
      AND json_extract("after", '$.suite') = "TestSuite"."key"
    ORDER BY "at" DESC LIMIT 1
) = 'suite.upload';
