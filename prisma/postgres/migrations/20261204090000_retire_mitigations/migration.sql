-- AlterTable
ALTER TABLE "Mitigation" ADD COLUMN     "retiredAt" TIMESTAMP(3),
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;
