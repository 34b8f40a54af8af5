-- CampaignStatus gains CREATING: SQLite stores enums as TEXT, so only the new table is needed.

-- CreateTable
CREATE TABLE "CampaignLimits" (
    "id" TEXT NOT NULL PRIMARY KEY DEFAULT 'limits',
    "maxCasesPerSuite" INTEGER NOT NULL,
    "maxRepeats" INTEGER NOT NULL,
    "maxRunsPerCampaign" INTEGER NOT NULL,
    "maxQueuedRunsPerPerson" INTEGER NOT NULL,
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN "lastLeasedAt" DATETIME;
