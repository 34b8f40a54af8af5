-- AlterTable
ALTER TABLE "Evidence" ADD COLUMN "errors" INTEGER;
