-- CreateTable
CREATE TABLE "ServingTarget" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "declaredRevision" TEXT NOT NULL,
    "apiKeyEnv" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServingTarget_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ServingTarget_name_key" ON "ServingTarget"("name");

-- AlterTable
ALTER TABLE "CaseRun" ADD COLUMN     "errorDetail" TEXT;
