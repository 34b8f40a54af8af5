-- CreateTable
CREATE TABLE "DetectorHoldoutVerdicts" (
    "detector" TEXT NOT NULL,
    "labelsHash" TEXT NOT NULL,
    "results" JSONB NOT NULL,
    "measuredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("detector", "labelsHash")
);

