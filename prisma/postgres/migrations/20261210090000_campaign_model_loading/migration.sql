-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "modelLoadingSince" TIMESTAMP(3),
ADD COLUMN     "modelLoadingWorker" TEXT;
