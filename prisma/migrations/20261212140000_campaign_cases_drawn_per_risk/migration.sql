-- A campaign records whether its cases per suite were drawn so that each risk asked for gets its share, which "what
-- this campaign ran" states. Earlier campaigns given cases per suite ran the first of each suite by key, except those
-- created since the draw came (the previous migration), and no row tells them apart: theirs stays null, not recorded.
-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN "casesDrawnPerRisk" BOOLEAN;
