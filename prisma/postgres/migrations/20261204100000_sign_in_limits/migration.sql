-- CreateTable
CREATE TABLE "SignInBucket" (
    "key" TEXT NOT NULL,
    "attempts" JSONB NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,
    "reportedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SignInBucket_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "SignInFailureStreak" (
    "email" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,
    "reportedCount" INTEGER,

    CONSTRAINT "SignInFailureStreak_pkey" PRIMARY KEY ("email")
);

-- CreateIndex
CREATE INDEX "SignInBucket_lastAt_idx" ON "SignInBucket"("lastAt");

-- CreateIndex
CREATE INDEX "SignInFailureStreak_lastAt_idx" ON "SignInFailureStreak"("lastAt");
