-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN "judge" JSONB;
ALTER TABLE "Campaign" ADD COLUMN "judgeRevision" TEXT;
