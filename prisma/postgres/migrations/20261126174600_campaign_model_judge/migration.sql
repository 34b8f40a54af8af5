-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "judge" JSONB,
ADD COLUMN     "judgeRevision" TEXT;
