-- AlterEnum
ALTER TYPE "CampaignStatus" ADD VALUE 'CREATING';

-- CreateTable
CREATE TABLE "CampaignLimits" (
    "id" TEXT NOT NULL DEFAULT 'limits',
    "maxCasesPerSuite" INTEGER NOT NULL,
    "maxRepeats" INTEGER NOT NULL,
    "maxRunsPerCampaign" INTEGER NOT NULL,
    "maxQueuedRunsPerPerson" INTEGER NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignLimits_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "lastLeasedAt" TIMESTAMP(3);
