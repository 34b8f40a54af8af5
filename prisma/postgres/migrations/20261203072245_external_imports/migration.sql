-- AlterEnum
ALTER TYPE "EvidenceKind" ADD VALUE 'IMPORT';

-- AlterTable
ALTER TABLE "Evidence" ADD COLUMN     "importId" TEXT;

-- CreateTable
CREATE TABLE "ExternalImport" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExternalImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExternalResult" (
    "id" TEXT NOT NULL,
    "importId" TEXT NOT NULL,
    "caseKey" TEXT NOT NULL,
    "test" TEXT NOT NULL,
    "strategy" TEXT,
    "location" TEXT NOT NULL,
    "risks" JSONB NOT NULL,
    "scores" JSONB NOT NULL,
    "verdict" "Verdict" NOT NULL,
    "reason" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "output" TEXT,
    "conversation" JSONB NOT NULL,
    "servedModel" TEXT,
    "startedAt" TEXT,
    "completedAt" TEXT,

    CONSTRAINT "ExternalResult_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ExternalImport_modelId_sha256_key" ON "ExternalImport"("modelId", "sha256");

-- CreateIndex
CREATE UNIQUE INDEX "ExternalResult_importId_caseKey_key" ON "ExternalResult"("importId", "caseKey");

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_importId_fkey" FOREIGN KEY ("importId") REFERENCES "ExternalImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalImport" ADD CONSTRAINT "ExternalImport_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalImport" ADD CONSTRAINT "ExternalImport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalResult" ADD CONSTRAINT "ExternalResult_importId_fkey" FOREIGN KEY ("importId") REFERENCES "ExternalImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

