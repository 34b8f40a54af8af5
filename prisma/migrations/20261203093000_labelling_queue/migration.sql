-- CreateTable
CREATE TABLE "LabellingItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseRunId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedById" TEXT,
    "claimedUntil" DATETIME,
    "label" TEXT,
    "note" TEXT,
    "labelledById" TEXT,
    "labelledAt" DATETIME,
    CONSTRAINT "LabellingItem_caseRunId_fkey" FOREIGN KEY ("caseRunId") REFERENCES "CaseRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JudgeCountingFloor" (
    "id" TEXT NOT NULL PRIMARY KEY DEFAULT 'floor',
    "minLabels" INTEGER NOT NULL,
    "floor" REAL NOT NULL,
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "LabellingItem_caseRunId_key" ON "LabellingItem"("caseRunId");

-- CreateIndex
CREATE INDEX "LabellingItem_labelledAt_claimedUntil_idx" ON "LabellingItem"("labelledAt", "claimedUntil");
