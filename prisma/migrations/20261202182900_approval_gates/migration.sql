-- AlterTable
ALTER TABLE "Model" ADD COLUMN "separationOfDuties" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Cell" ADD COLUMN "judgementChangedById" TEXT;
ALTER TABLE "Cell" ADD COLUMN "approvedSnapshot" JSONB;
ALTER TABLE "Cell" ADD COLUMN "approvedById" TEXT;
ALTER TABLE "Cell" ADD COLUMN "approvedAt" DATETIME;
ALTER TABLE "CaseRun" ADD COLUMN "overrideAt" DATETIME;
ALTER TABLE "CaseRun" ADD COLUMN "overrideConfirmedById" TEXT;
ALTER TABLE "CaseRun" ADD COLUMN "overrideConfirmedAt" DATETIME;
