-- AlterTable
ALTER TABLE "ExternalResult" ADD COLUMN "overrideAt" DATETIME;
ALTER TABLE "ExternalResult" ADD COLUMN "overrideById" TEXT;
ALTER TABLE "ExternalResult" ADD COLUMN "overrideConfirmedAt" DATETIME;
ALTER TABLE "ExternalResult" ADD COLUMN "overrideConfirmedById" TEXT;
ALTER TABLE "ExternalResult" ADD COLUMN "overrideReason" TEXT;
ALTER TABLE "ExternalResult" ADD COLUMN "overrideVerdict" TEXT;
