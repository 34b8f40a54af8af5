// One web process's sign-in limiter against DATABASE_URL, for tests that need two real processes:
// reads one attempt a line on stdin ({"address", "email", "now"}) and answers each with its gate
// as one line of JSON on stdout.
import { createInterface } from "node:readline";
import { signInAttempt } from "../../lib/auth/sign-in-rate-limit";
import { closeDb, getDb } from "../../lib/db/client";

for await (const line of createInterface({ input: process.stdin })) {
  const { address, email, now } = JSON.parse(line);
  process.stdout.write(`${JSON.stringify(await signInAttempt(getDb(), { address, email }, now))}\n`);
}
await closeDb();
