-- CreateTable
CREATE TABLE "DetectorHoldoutVerdicts" (
    "detector" TEXT NOT NULL,
    "labelsHash" TEXT NOT NULL,
    "results" JSONB NOT NULL,
    "measuredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DetectorHoldoutVerdicts_pkey" PRIMARY KEY ("detector","labelsHash")
);

