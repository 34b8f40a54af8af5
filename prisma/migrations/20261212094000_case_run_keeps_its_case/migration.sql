-- A case run keeps its case: deleting a case that has runs is refused (NO ACTION, checked when the
-- statement ends, so a model deleted whole, whose campaigns take the runs, still goes). Suites retire a case.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CaseRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "repeat" INTEGER NOT NULL,
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
INSERT INTO "new_CaseRun" ("attempts", "campaignId", "caseId", "completionTokens", "error", "errorDetail", "findings", "finishedAt", "id", "latencyMs", "leaseExpiresAt", "leaseOwner", "output", "overrideAt", "overrideById", "overrideConfirmedAt", "overrideConfirmedById", "overrideReason", "overrideVerdict", "promptTokens", "repeat", "status", "verdict") SELECT "attempts", "campaignId", "caseId", "completionTokens", "error", "errorDetail", "findings", "finishedAt", "id", "latencyMs", "leaseExpiresAt", "leaseOwner", "output", "overrideAt", "overrideById", "overrideConfirmedAt", "overrideConfirmedById", "overrideReason", "overrideVerdict", "promptTokens", "repeat", "status", "verdict" FROM "CaseRun";
DROP TABLE "CaseRun";
ALTER TABLE "new_CaseRun" RENAME TO "CaseRun";
CREATE INDEX "CaseRun_campaignId_status_idx" ON "CaseRun"("campaignId", "status");
CREATE INDEX "CaseRun_overrideConfirmedAt_idx" ON "CaseRun"("overrideConfirmedAt");
CREATE UNIQUE INDEX "CaseRun_campaignId_caseId_repeat_key" ON "CaseRun"("campaignId", "caseId", "repeat");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

