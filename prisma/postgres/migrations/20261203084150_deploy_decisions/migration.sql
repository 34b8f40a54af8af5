-- CreateEnum
CREATE TYPE "DeployOutcome" AS ENUM ('DEPLOY', 'DEPLOY_WITH_CONDITIONS', 'DO_NOT_DEPLOY');

-- CreateTable
CREATE TABLE "DeployDecision" (
    "id" TEXT NOT NULL,
    "useId" TEXT NOT NULL,
    "outcome" "DeployOutcome" NOT NULL,
    "computedOutcome" "DeployOutcome" NOT NULL,
    "conditions" JSONB NOT NULL,
    "findings" JSONB NOT NULL,
    "evidence" JSONB NOT NULL,
    "ruleSet" TEXT NOT NULL,
    "ruleSetHash" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "signedById" TEXT,
    "signedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeployDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DeployDecision_useId_signedAt_idx" ON "DeployDecision"("useId", "signedAt");

-- AddForeignKey
ALTER TABLE "DeployDecision" ADD CONSTRAINT "DeployDecision_useId_fkey" FOREIGN KEY ("useId") REFERENCES "Use"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeployDecision" ADD CONSTRAINT "DeployDecision_signedById_fkey" FOREIGN KEY ("signedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

