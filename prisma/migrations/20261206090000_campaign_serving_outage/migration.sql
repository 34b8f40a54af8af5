-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN "outageFailsAt" DATETIME;
ALTER TABLE "Campaign" ADD COLUMN "outageReason" TEXT;
ALTER TABLE "Campaign" ADD COLUMN "outageRetryAt" DATETIME;
ALTER TABLE "Campaign" ADD COLUMN "outageSince" DATETIME;
