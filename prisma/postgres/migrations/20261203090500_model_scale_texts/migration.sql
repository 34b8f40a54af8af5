-- AlterTable
ALTER TABLE "Model" ADD COLUMN     "scaleTexts" JSONB;
