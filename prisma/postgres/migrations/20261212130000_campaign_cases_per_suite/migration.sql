-- A campaign records its cases per suite, which "what this campaign ran" states, and whether it was asked for cases by
-- id (a top-up), whose page then names no cell asked for and untested. An earlier campaign's are read from the settings
-- its creation's audit event recorded (absent there: every case, chosen by uses and risks).
-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "casesPerSuite" INTEGER,
ADD COLUMN     "casesChosenById" BOOLEAN NOT NULL DEFAULT false;

UPDATE "Campaign" SET "casesPerSuite" = (
    SELECT ("after"->'settings'->>'casesPerSuite')::integer FROM "AuditEvent"
    WHERE "entityType" = 'Campaign' AND "entityId" = "Campaign"."id" AND "action" = 'campaign.create'
    ORDER BY "at" DESC LIMIT 1
);

UPDATE "Campaign" SET "casesChosenById" = true WHERE EXISTS (
    SELECT 1 FROM "AuditEvent"
    WHERE "entityType" = 'Campaign' AND "entityId" = "Campaign"."id" AND "action" = 'campaign.create'
      AND "after"->'settings'->'caseIds' IS NOT NULL
);
