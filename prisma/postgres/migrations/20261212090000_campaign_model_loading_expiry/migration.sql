-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "modelLoadingExpiresAt" TIMESTAMP(3);
