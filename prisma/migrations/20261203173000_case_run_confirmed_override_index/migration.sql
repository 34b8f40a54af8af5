-- CreateIndex
CREATE INDEX "CaseRun_overrideConfirmedAt_idx" ON "CaseRun"("overrideConfirmedAt");
