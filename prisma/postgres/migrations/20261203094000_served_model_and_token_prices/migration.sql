-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "servedModel" JSONB;

-- AlterTable
ALTER TABLE "ServingTarget" ADD COLUMN     "completionPricePerMillion" DOUBLE PRECISION,
ADD COLUMN     "promptPricePerMillion" DOUBLE PRECISION;
