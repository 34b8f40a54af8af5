-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "judgeServedModels" JSONB;
