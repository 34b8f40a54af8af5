-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ExternalImport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "modelId" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "toolVersion" TEXT,
    "fileName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "runId" TEXT,
    "testedModel" TEXT,
    "modelRevision" TEXT,
    "revisionDeclared" BOOLEAN NOT NULL DEFAULT true,
    "startedAt" TEXT,
    "completedAt" TEXT,
    "complete" BOOLEAN NOT NULL,
    "storingBy" TEXT,
    "storingHeartbeatAt" DATETIME,
    "uses" JSONB NOT NULL,
    "mappingFile" TEXT NOT NULL,
    "mappingHash" TEXT NOT NULL,
    "skipped" JSONB NOT NULL,
    "notes" JSONB NOT NULL,
    "runKey" TEXT,
    "countsHash" TEXT,
    "supersededAt" DATETIME,
    "supersededById" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExternalImport_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExternalImport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ExternalImport_supersededById_fkey" FOREIGN KEY ("supersededById") REFERENCES "ExternalImport" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ExternalImport" ("complete", "completedAt", "createdAt", "createdById", "fileName", "id", "mappingFile", "mappingHash", "modelId", "modelRevision", "notes", "revisionDeclared", "runId", "sha256", "skipped", "startedAt", "storingBy", "storingHeartbeatAt", "testedModel", "tool", "toolVersion", "uses") SELECT "complete", "completedAt", "createdAt", "createdById", "fileName", "id", "mappingFile", "mappingHash", "modelId", "modelRevision", "notes", "revisionDeclared", "runId", "sha256", "skipped", "startedAt", "storingBy", "storingHeartbeatAt", "testedModel", "tool", "toolVersion", "uses" FROM "ExternalImport";
DROP TABLE "ExternalImport";
ALTER TABLE "new_ExternalImport" RENAME TO "ExternalImport";
CREATE INDEX "ExternalImport_modelId_sha256_idx" ON "ExternalImport"("modelId", "sha256");
CREATE UNIQUE INDEX "ExternalImport_modelId_runKey_key" ON "ExternalImport"("modelId", "runKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- A stored import whose file named its run is that run's import (lib/imports/run-identity.ts runKey):
-- a later file of the run is then refused, or replaces it. Where a run was imported more than once
-- before runs were told apart, the newest import takes the key, the older keep counting as they did.
-- An import whose file named no run keeps no key: its run is known by its results, not stored whole.
UPDATE "ExternalImport" SET "runKey" = "tool" || ' run ' || "runId" || ' started ' || COALESCE("startedAt", 'at a time not recorded')
WHERE "storingBy" IS NULL AND "runId" IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM "ExternalImport" AS "later"
  WHERE "later"."modelId" = "ExternalImport"."modelId" AND "later"."storingBy" IS NULL AND "later"."tool" = "ExternalImport"."tool"
    AND "later"."runId" = "ExternalImport"."runId" AND COALESCE("later"."startedAt", '') = COALESCE("ExternalImport"."startedAt", '')
    AND ("later"."createdAt" > "ExternalImport"."createdAt" OR ("later"."createdAt" = "ExternalImport"."createdAt" AND "later"."id" > "ExternalImport"."id"))
);
