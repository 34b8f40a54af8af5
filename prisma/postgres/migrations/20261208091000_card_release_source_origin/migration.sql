-- A release keeps the app's address it cites as its results' source: publishing compared the card
-- with the last release rendered at the address of the day, so once the app had moved an unchanged
-- card published again as a new version. Added, never filled in: a release published before has
-- none, and is compared at the address of the day as before.
-- AlterTable
ALTER TABLE "CardRelease" ADD COLUMN "sourceOrigin" TEXT;
