-- The smoke-test model's outputs no longer go to the labelling queue: they are noise, and a label of one measures no
-- detector (lib/labelling/queue-labels.ts). Those queued and not yet labelled leave it, and labelled ones stay, counted
-- nowhere. A campaign is a smoke test as its evidence records it.
DELETE FROM "LabellingItem"
WHERE "label" IS NULL
  AND "caseRunId" IN (
    SELECT "CaseRun"."id" FROM "CaseRun"
    WHERE EXISTS (SELECT 1 FROM "Evidence" WHERE "Evidence"."campaignId" = "CaseRun"."campaignId" AND "Evidence"."smokeTest")
  );
