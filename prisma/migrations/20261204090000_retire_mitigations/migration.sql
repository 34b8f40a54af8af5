-- AlterTable
ALTER TABLE "Mitigation" ADD COLUMN "retiredAt" DATETIME;
ALTER TABLE "Mitigation" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
