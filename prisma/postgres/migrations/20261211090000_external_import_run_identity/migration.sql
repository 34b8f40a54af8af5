-- DropIndex
DROP INDEX "ExternalImport_modelId_sha256_key";

-- AlterTable
ALTER TABLE "ExternalImport" ADD COLUMN     "countsHash" TEXT,
ADD COLUMN     "runKey" TEXT,
ADD COLUMN     "supersededAt" TIMESTAMP(3),
ADD COLUMN     "supersededById" TEXT;

-- CreateIndex
CREATE INDEX "ExternalImport_modelId_sha256_idx" ON "ExternalImport"("modelId", "sha256");

-- CreateIndex
CREATE UNIQUE INDEX "ExternalImport_modelId_runKey_key" ON "ExternalImport"("modelId", "runKey");

-- AddForeignKey
ALTER TABLE "ExternalImport" ADD CONSTRAINT "ExternalImport_supersededById_fkey" FOREIGN KEY ("supersededById") REFERENCES "ExternalImport"("id") ON DELETE SET NULL ON UPDATE CASCADE;


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
