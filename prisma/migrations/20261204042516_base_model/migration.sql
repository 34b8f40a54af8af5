-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Model" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "storageChanges" JSONB NOT NULL,
    "developer" TEXT NOT NULL,
    "modelType" TEXT NOT NULL,
    "languages" JSONB NOT NULL,
    "library" TEXT NOT NULL,
    "license" TEXT NOT NULL,
    "contact" TEXT NOT NULL,
    "trainingData" TEXT NOT NULL,
    "intendedUses" TEXT NOT NULL,
    "frontMatter" JSONB NOT NULL,
    "checkpointPath" TEXT,
    "checkpointEndpoint" TEXT,
    "revisionHash" TEXT,
    "isSmokeTestModel" BOOLEAN NOT NULL DEFAULT false,
    "separationOfDuties" BOOLEAN NOT NULL DEFAULT true,
    "scaleTexts" JSONB,
    "baseModelId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Model_baseModelId_fkey" FOREIGN KEY ("baseModelId") REFERENCES "Model" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Model" ("checkpointEndpoint", "checkpointPath", "contact", "createdAt", "description", "developer", "frontMatter", "id", "intendedUses", "isSmokeTestModel", "languages", "library", "license", "modelType", "name", "revisionHash", "scaleTexts", "separationOfDuties", "slug", "storageChanges", "trainingData", "updatedAt") SELECT "checkpointEndpoint", "checkpointPath", "contact", "createdAt", "description", "developer", "frontMatter", "id", "intendedUses", "isSmokeTestModel", "languages", "library", "license", "modelType", "name", "revisionHash", "scaleTexts", "separationOfDuties", "slug", "storageChanges", "trainingData", "updatedAt" FROM "Model";
DROP TABLE "Model";
ALTER TABLE "new_Model" RENAME TO "Model";
CREATE UNIQUE INDEX "Model_slug_key" ON "Model"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
