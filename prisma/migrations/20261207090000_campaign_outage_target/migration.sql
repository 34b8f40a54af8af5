-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN "outageTarget" TEXT;
