-- A case run keeps what it asks, its system prompt and turns: a case reworded in its suite file is
-- updated in place, and the runs of earlier campaigns showed (and a campaign created before the
-- rewording asked) the new text. Existing runs take their case's text as it is now: the best record left.
-- AlterTable
ALTER TABLE "CaseRun" ADD COLUMN     "systemPrompt" TEXT,
ADD COLUMN     "turns" JSONB;

UPDATE "CaseRun" SET "systemPrompt" = "TestCase"."systemPrompt", "turns" = "TestCase"."turns" FROM "TestCase" WHERE "TestCase"."id" = "CaseRun"."caseId";

ALTER TABLE "CaseRun" ALTER COLUMN "turns" SET NOT NULL;
