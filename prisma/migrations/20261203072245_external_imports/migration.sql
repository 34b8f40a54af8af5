-- CreateTable
CREATE TABLE "ExternalImport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "modelId" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "toolVersion" TEXT,
    "fileName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "runId" TEXT,
    "testedModel" TEXT,
    "modelRevision" TEXT,
    "startedAt" TEXT,
    "completedAt" TEXT,
    "complete" BOOLEAN NOT NULL,
    "uses" JSONB NOT NULL,
    "mappingFile" TEXT NOT NULL,
    "mappingHash" TEXT NOT NULL,
    "skipped" JSONB NOT NULL,
    "notes" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExternalImport_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExternalImport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExternalResult" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "importId" TEXT NOT NULL,
    "caseKey" TEXT NOT NULL,
    "test" TEXT NOT NULL,
    "strategy" TEXT,
    "location" TEXT NOT NULL,
    "risks" JSONB NOT NULL,
    "scores" JSONB NOT NULL,
    "verdict" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "output" TEXT,
    "conversation" JSONB NOT NULL,
    "servedModel" TEXT,
    "startedAt" TEXT,
    "completedAt" TEXT,
    CONSTRAINT "ExternalResult_importId_fkey" FOREIGN KEY ("importId") REFERENCES "ExternalImport" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Evidence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cellId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "campaignId" TEXT,
    "importId" TEXT,
    "passes" INTEGER,
    "failures" INTEGER,
    "n" INTEGER,
    "overrides" INTEGER,
    "intervalLow" REAL,
    "intervalHigh" REAL,
    "verdict" TEXT,
    "modelRevision" TEXT,
    "smokeTest" BOOLEAN NOT NULL DEFAULT false,
    "backend" TEXT,
    "endpoint" TEXT,
    "servedModel" TEXT,
    "declaredRevision" TEXT,
    "judge" TEXT,
    "suiteHash" TEXT,
    "detectorsHash" TEXT,
    "settingsHash" TEXT,
    "title" TEXT NOT NULL DEFAULT '',
    "url" TEXT,
    "body" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Evidence_cellId_fkey" FOREIGN KEY ("cellId") REFERENCES "Cell" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Evidence_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Evidence_importId_fkey" FOREIGN KEY ("importId") REFERENCES "ExternalImport" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Evidence_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Evidence" ("backend", "body", "campaignId", "cellId", "createdAt", "createdById", "declaredRevision", "detectorsHash", "endpoint", "failures", "id", "intervalHigh", "intervalLow", "judge", "kind", "modelRevision", "n", "overrides", "passes", "servedModel", "settingsHash", "smokeTest", "suiteHash", "title", "url", "verdict") SELECT "backend", "body", "campaignId", "cellId", "createdAt", "createdById", "declaredRevision", "detectorsHash", "endpoint", "failures", "id", "intervalHigh", "intervalLow", "judge", "kind", "modelRevision", "n", "overrides", "passes", "servedModel", "settingsHash", "smokeTest", "suiteHash", "title", "url", "verdict" FROM "Evidence";
DROP TABLE "Evidence";
ALTER TABLE "new_Evidence" RENAME TO "Evidence";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ExternalImport_modelId_sha256_key" ON "ExternalImport"("modelId", "sha256");

-- CreateIndex
CREATE UNIQUE INDEX "ExternalResult_importId_caseKey_key" ON "ExternalResult"("importId", "caseKey");

