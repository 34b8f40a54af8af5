-- AlterTable
-- A case taken out of its suite file is retired, not deleted: the runs of earlier campaigns keep it.
ALTER TABLE "TestCase" ADD COLUMN     "retiredAt" TIMESTAMP(3);
