-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN "servedModel" JSONB;

-- AlterTable
ALTER TABLE "ServingTarget" ADD COLUMN "completionPricePerMillion" REAL;
ALTER TABLE "ServingTarget" ADD COLUMN "promptPricePerMillion" REAL;
