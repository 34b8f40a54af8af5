// `DATABASE_URL=… npx tsx tests/browser/support/age-deploy-decisions.ts SLUG USE DAYS`: moves the
// clock DAYS forward for the signed deploy decisions of one use by moving their dates DAYS back
// (the server under test reads the real clock; its dates are what a later day would find).
import { closeDb, getDb } from "../../../lib/db/client";
import { databaseUrl } from "../../../lib/db/url";

if (!/e2e[^/]*\.db$/.test(databaseUrl())) {
  console.error(`refusing to change ${databaseUrl()}: only an e2e test database`);
  process.exit(2);
}
const [slug, use, days] = process.argv.slice(2);
const shift = Number(days) * 86_400_000;
const db = getDb();
const decisions = await db.deployDecision.findMany({ where: { use: { code: use, model: { slug } } } });
for (const decision of decisions) {
  await db.deployDecision.update({
    where: { id: decision.id },
    data: { signedAt: new Date(decision.signedAt.getTime() - shift), expiresAt: new Date(decision.expiresAt.getTime() - shift) },
  });
}
console.log(`${slug} ${use}: ${decisions.length} decision(s) ${days} days older`);
await closeDb();
