-- A case run keeps what it measures, as it keeps what it asks: the risks it counts for, the language and
-- behaviours it expects and the detectors that judge it. A case moved to other risks in its suite file is
-- updated in place, and an override confirmed on an earlier campaign recounted its run in the cells the
-- case names now. Existing runs take their case's facts as they are now: the best record left (LEFT JOIN:
-- a run is never dropped here, even one whose case a database without foreign keys lost).
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CaseRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "repeat" INTEGER NOT NULL,
    "systemPrompt" TEXT,
    "turns" JSONB NOT NULL,
    "risks" JSONB NOT NULL,
    "language" TEXT NOT NULL,
    "expected" TEXT NOT NULL,
    "detectors" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "output" TEXT,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "latencyMs" INTEGER,
    "verdict" TEXT,
    "findings" JSONB,
    "error" TEXT,
    "errorDetail" TEXT,
    "overrideVerdict" TEXT,
    "overrideReason" TEXT,
    "overrideById" TEXT,
    "overrideAt" DATETIME,
    "overrideConfirmedById" TEXT,
    "overrideConfirmedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "CaseRun_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CaseRun_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "TestCase" ("id") ON DELETE NO ACTION ON UPDATE CASCADE
);
INSERT INTO "new_CaseRun" ("attempts", "campaignId", "caseId", "completionTokens", "error", "errorDetail", "findings", "finishedAt", "id", "latencyMs", "leaseExpiresAt", "leaseOwner", "output", "overrideAt", "overrideById", "overrideConfirmedAt", "overrideConfirmedById", "overrideReason", "overrideVerdict", "promptTokens", "repeat", "status", "systemPrompt", "turns", "verdict", "risks", "language", "expected", "detectors") SELECT "CaseRun"."attempts", "CaseRun"."campaignId", "CaseRun"."caseId", "CaseRun"."completionTokens", "CaseRun"."error", "CaseRun"."errorDetail", "CaseRun"."findings", "CaseRun"."finishedAt", "CaseRun"."id", "CaseRun"."latencyMs", "CaseRun"."leaseExpiresAt", "CaseRun"."leaseOwner", "CaseRun"."output", "CaseRun"."overrideAt", "CaseRun"."overrideById", "CaseRun"."overrideConfirmedAt", "CaseRun"."overrideConfirmedById", "CaseRun"."overrideReason", "CaseRun"."overrideVerdict", "CaseRun"."promptTokens", "CaseRun"."repeat", "CaseRun"."status", "CaseRun"."systemPrompt", "CaseRun"."turns", "CaseRun"."verdict", COALESCE("TestCase"."risks", '[]'), COALESCE("TestCase"."language", 'und'), COALESCE("TestCase"."expected", ''), COALESCE("TestCase"."detectors", '[]') FROM "CaseRun" LEFT JOIN "TestCase" ON "TestCase"."id" = "CaseRun"."caseId";
DROP TABLE "CaseRun";
ALTER TABLE "new_CaseRun" RENAME TO "CaseRun";
CREATE INDEX "CaseRun_campaignId_status_idx" ON "CaseRun"("campaignId", "status");
CREATE INDEX "CaseRun_overrideConfirmedAt_idx" ON "CaseRun"("overrideConfirmedAt");
CREATE UNIQUE INDEX "CaseRun_campaignId_caseId_repeat_key" ON "CaseRun"("campaignId", "caseId", "repeat");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
