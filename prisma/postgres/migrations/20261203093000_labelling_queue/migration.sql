-- CreateEnum
CREATE TYPE "LabellingReason" AS ENUM ('DISAGREEMENT', 'AGREEMENT_SAMPLE');

-- CreateTable
CREATE TABLE "LabellingItem" (
    "id" TEXT NOT NULL,
    "caseRunId" TEXT NOT NULL,
    "reason" "LabellingReason" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedById" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "label" "Verdict",
    "note" TEXT,
    "labelledById" TEXT,
    "labelledAt" TIMESTAMP(3),

    CONSTRAINT "LabellingItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JudgeCountingFloor" (
    "id" TEXT NOT NULL DEFAULT 'floor',
    "minLabels" INTEGER NOT NULL,
    "floor" DOUBLE PRECISION NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JudgeCountingFloor_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LabellingItem_caseRunId_key" ON "LabellingItem"("caseRunId");

-- CreateIndex
CREATE INDEX "LabellingItem_labelledAt_claimedUntil_idx" ON "LabellingItem"("labelledAt", "claimedUntil");

-- AddForeignKey
ALTER TABLE "LabellingItem" ADD CONSTRAINT "LabellingItem_caseRunId_fkey" FOREIGN KEY ("caseRunId") REFERENCES "CaseRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
