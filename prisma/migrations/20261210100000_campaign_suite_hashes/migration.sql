-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN "suiteHashes" JSONB;
