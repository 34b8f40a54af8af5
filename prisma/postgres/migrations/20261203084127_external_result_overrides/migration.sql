-- AlterTable
ALTER TABLE "ExternalResult" ADD COLUMN     "overrideAt" TIMESTAMP(3),
ADD COLUMN     "overrideById" TEXT,
ADD COLUMN     "overrideConfirmedAt" TIMESTAMP(3),
ADD COLUMN     "overrideConfirmedById" TEXT,
ADD COLUMN     "overrideReason" TEXT,
ADD COLUMN     "overrideVerdict" "Verdict";
