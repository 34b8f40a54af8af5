// `npx tsx tests/browser/support/create-test-users.ts`: the browser tests' people, one per role.
// Refuses any database but the test one, so the known test passwords never reach a real install.
import { cliActor } from "../../../cli/cli-actor";
import { closeDb, getDb } from "../../../lib/db/client";
import { databaseUrl } from "../../../lib/db/url";
import { createUser } from "../../../lib/users/create-user";
import { TEST_USERS } from "./test-users";

if (!/e2e[^/]*\.db$/.test(databaseUrl())) {
  console.error(`refusing to create test users in ${databaseUrl()}: only an e2e test database`);
  process.exit(2);
}
for (const user of Object.values(TEST_USERS)) {
  const result = await createUser(getDb(), cliActor(), user);
  if (!result.ok && result.kind !== "exists") throw new Error(result.message);
}
await closeDb();
