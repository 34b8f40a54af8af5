-- AlterTable
ALTER TABLE "ExternalImport" ADD COLUMN "revisionDeclared" BOOLEAN NOT NULL DEFAULT true;
