-- CreateTable
CREATE TABLE "DeployDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "useId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "computedOutcome" TEXT NOT NULL,
    "conditions" JSONB NOT NULL,
    "findings" JSONB NOT NULL,
    "evidence" JSONB NOT NULL,
    "ruleSet" TEXT NOT NULL,
    "ruleSetHash" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "expiresAt" DATETIME NOT NULL,
    "signedById" TEXT,
    "signedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DeployDecision_useId_fkey" FOREIGN KEY ("useId") REFERENCES "Use" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DeployDecision_signedById_fkey" FOREIGN KEY ("signedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "DeployDecision_useId_signedAt_idx" ON "DeployDecision"("useId", "signedAt");

