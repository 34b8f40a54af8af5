-- CreateTable
CREATE TABLE "ServingTarget" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "declaredRevision" TEXT NOT NULL,
    "apiKeyEnv" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "ServingTarget_name_key" ON "ServingTarget"("name");

-- AlterTable
ALTER TABLE "CaseRun" ADD COLUMN "errorDetail" TEXT;
