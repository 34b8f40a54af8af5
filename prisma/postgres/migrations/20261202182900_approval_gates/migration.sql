-- AlterTable
ALTER TABLE "Model" ADD COLUMN     "separationOfDuties" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Cell" ADD COLUMN     "judgementChangedById" TEXT,
ADD COLUMN     "approvedSnapshot" JSONB,
ADD COLUMN     "approvedById" TEXT,
ADD COLUMN     "approvedAt" TIMESTAMP(3);
ALTER TABLE "CaseRun" ADD COLUMN     "overrideAt" TIMESTAMP(3),
ADD COLUMN     "overrideConfirmedById" TEXT,
ADD COLUMN     "overrideConfirmedAt" TIMESTAMP(3);
