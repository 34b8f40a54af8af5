-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN "pausedAt" DATETIME;
ALTER TABLE "Campaign" ADD COLUMN "idleSeconds" REAL NOT NULL DEFAULT 0;
