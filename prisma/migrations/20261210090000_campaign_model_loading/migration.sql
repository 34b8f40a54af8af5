-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN "modelLoadingSince" DATETIME;
ALTER TABLE "Campaign" ADD COLUMN "modelLoadingWorker" TEXT;
