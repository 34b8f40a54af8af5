-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN "modelLoadingExpiresAt" DATETIME;
