-- Evidence verdicts become the CellVerdict vocabulary (upper case); SQLite stores enums as TEXT.
UPDATE "Evidence" SET "verdict" = UPPER("verdict") WHERE "verdict" IS NOT NULL;
-- AlterTable
ALTER TABLE "Evidence" ADD COLUMN "smokeTest" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Evidence" ADD COLUMN "backend" TEXT;
ALTER TABLE "Evidence" ADD COLUMN "endpoint" TEXT;
ALTER TABLE "Evidence" ADD COLUMN "servedModel" TEXT;
ALTER TABLE "Evidence" ADD COLUMN "declaredRevision" TEXT;
ALTER TABLE "Evidence" ADD COLUMN "judge" TEXT;
