-- A campaign records its cases per suite, which "what this campaign ran" states. An earlier campaign's is read from
-- the settings its creation's audit event recorded (absent there: it ran every case).
-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "casesPerSuite" INTEGER;

UPDATE "Campaign" SET "casesPerSuite" = (
    SELECT ("after"->'settings'->>'casesPerSuite')::integer FROM "AuditEvent"
    WHERE "entityType" = 'Campaign' AND "entityId" = "Campaign"."id" AND "action" = 'campaign.create'
    ORDER BY "at" DESC LIMIT 1
);
