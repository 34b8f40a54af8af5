-- CreateTable
CREATE TABLE "SignInBucket" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "attempts" JSONB NOT NULL,
    "lastAt" DATETIME NOT NULL,
    "reportedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "SignInFailureStreak" (
    "email" TEXT NOT NULL PRIMARY KEY,
    "count" INTEGER NOT NULL,
    "lastAt" DATETIME NOT NULL,
    "reportedCount" INTEGER
);

-- CreateIndex
CREATE INDEX "SignInBucket_lastAt_idx" ON "SignInBucket"("lastAt");

-- CreateIndex
CREATE INDEX "SignInFailureStreak_lastAt_idx" ON "SignInFailureStreak"("lastAt");
