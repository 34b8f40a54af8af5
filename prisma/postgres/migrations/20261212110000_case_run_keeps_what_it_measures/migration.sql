-- A case run keeps what it measures, as it keeps what it asks: the risks it counts for, the language and
-- behaviours it expects and the detectors that judge it. A case moved to other risks in its suite file is
-- updated in place, and an override confirmed on an earlier campaign recounted its run in the cells the
-- case names now. Existing runs take their case's facts as they are now: the best record left.
-- AlterTable
ALTER TABLE "CaseRun" ADD COLUMN     "detectors" JSONB,
ADD COLUMN     "expected" TEXT,
ADD COLUMN     "language" TEXT,
ADD COLUMN     "risks" JSONB;

UPDATE "CaseRun" SET "risks" = "TestCase"."risks", "language" = "TestCase"."language", "expected" = "TestCase"."expected", "detectors" = "TestCase"."detectors" FROM "TestCase" WHERE "TestCase"."id" = "CaseRun"."caseId";

ALTER TABLE "CaseRun" ALTER COLUMN "detectors" SET NOT NULL,
ALTER COLUMN "expected" SET NOT NULL,
ALTER COLUMN "language" SET NOT NULL,
ALTER COLUMN "risks" SET NOT NULL;
