-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN "verdictRule" TEXT NOT NULL DEFAULT 'any';
