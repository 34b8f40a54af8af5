-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "outageFailsAt" TIMESTAMP(3),
ADD COLUMN     "outageReason" TEXT,
ADD COLUMN     "outageRetryAt" TIMESTAMP(3),
ADD COLUMN     "outageSince" TIMESTAMP(3);
