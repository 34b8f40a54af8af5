-- AlterEnum
ALTER TYPE "Verdict" ADD VALUE 'NOT_APPLICABLE';

-- CreateEnum
CREATE TYPE "CellVerdict" AS ENUM ('PASS', 'FAIL', 'INCONCLUSIVE', 'UNTESTED');

-- AlterTable
ALTER TABLE "Evidence" ALTER COLUMN "verdict" TYPE "CellVerdict" USING UPPER("verdict")::"CellVerdict",
ADD COLUMN     "smokeTest" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "backend" TEXT,
ADD COLUMN     "endpoint" TEXT,
ADD COLUMN     "servedModel" TEXT,
ADD COLUMN     "declaredRevision" TEXT,
ADD COLUMN     "judge" TEXT;
