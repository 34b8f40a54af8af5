// The start and end of a test file that renders the campaign pages as a signed-in person sees them:
// a seeded campaign database the pages read (through DATABASE_URL), the auth secret sign-in needs,
// and the person signed in; after the file, the database closed and the environment put back.
import { randomBytes } from "node:crypto";
import { closeDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import type { Role } from "../../lib/domain/vocabulary";
import { signInAsNewUser } from "../support/route-session";
import { campaignDatabase } from "./campaign-fixture";

/** For a file's beforeAll: the database, with `person` created and signed in for every later render and action. */
export async function signedInCampaignDatabase(person: { email: string; name: string; role: Role; password: string }): Promise<{ db: Db; url: string }> {
  process.env.BETTER_AUTH_SECRET = randomBytes(32).toString("base64url");
  const { db, url } = await campaignDatabase();
  process.env.DATABASE_URL = url;
  await signInAsNewUser(db, person);
  return { db, url };
}

/** For the file's afterAll. */
export async function closeSignedInCampaignDatabase(db: Db): Promise<void> {
  await db.$disconnect();
  await closeDb();
  delete process.env.BETTER_AUTH_SECRET;
  delete process.env.DATABASE_URL;
}
