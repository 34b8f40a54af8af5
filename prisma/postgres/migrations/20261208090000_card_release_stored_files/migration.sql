-- A release keeps its CycloneDX BOM and .eval_results file as published, each with its sha256, and
-- its publisher's name as it was: before, both files were derived from the release's JSON by the
-- code and the address of the day of the download, and the name was the user's current one. The
-- columns are added, never filled in: a release published before stays as it was (its update
-- trigger refuses any change), and its downloads say the files are derived.
-- AlterTable
ALTER TABLE "CardRelease" ADD COLUMN     "publishedByName" TEXT,
ADD COLUMN     "cdx" TEXT,
ADD COLUMN     "cdxSha256" TEXT,
ADD COLUMN     "evalResults" TEXT,
ADD COLUMN     "evalResultsSha256" TEXT;
