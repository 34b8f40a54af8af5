// `DATABASE_URL=file:./data/load.db npx tsx bench/matrix/page-cost.ts [--model stable-beluga-2] [--url http://127.0.0.1:3000 ...]`:
// what one matrix page costs besides its time. Queries: loadMatrix run on a client that logs every
// query it sends (the page's own session check is not counted), each distinct statement with how
// often it ran. Payload: with --url (any number, each a running Riskledger on the same database),
// a signed-in reviewer's /models/<slug>/matrix as HTML, the part of it that is the inlined React
// Server Components payload, and the RSC payload a client-side navigation fetches.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { Actor } from "../../lib/auth/actor";
import { closeDb, getDb } from "../../lib/db/client";
import { PrismaClient } from "../../lib/db/generated/sqlite/client";
import { databaseUrl, normalizeDatabaseUrl } from "../../lib/db/url";
import { loadMatrix } from "../../lib/matrix/load-matrix";
import { createUser } from "../../lib/users/create-user";
import { setDisabled } from "../../lib/users/set-disabled";

const { values } = parseArgs({
  options: {
    model: { type: "string", default: "stable-beluga-2" },
    url: { type: "string", multiple: true, default: [] },
  },
});
const slug = values.model!;

async function countQueries(): Promise<void> {
  const db = new PrismaClient({
    adapter: new PrismaBetterSqlite3({ url: normalizeDatabaseUrl(databaseUrl()) }),
    log: [{ emit: "event", level: "query" }],
  });
  const seen: string[] = [];
  db.$on("query", (event) => seen.push(event.query));
  await loadMatrix(db, slug); // warm: the first call also opens the connection
  seen.length = 0;
  await loadMatrix(db, slug);
  const times = new Map<string, number>();
  for (const query of seen) times.set(query, (times.get(query) ?? 0) + 1);
  console.log(`loadMatrix(${slug}): ${seen.length} queries, ${times.size} distinct`);
  for (const [query, count] of [...times].sort((a, b) => b[1] - a[1])) console.log(`  ${count} x ${query.slice(0, 160)}`);
  await db.$disconnect();
}

/** The inlined RSC payload: the strings the page pushes into self.__next_f. */
function inlinedRscBytes(html: string): number {
  let bytes = 0;
  for (const match of html.matchAll(/<script[^>]*>(self\.__next_f\.push\([\s\S]*?\))<\/script>/g)) bytes += Buffer.byteLength(match[1]);
  return bytes;
}

async function measurePayload(urls: string[]): Promise<void> {
  const operator: Actor = { id: null, label: "page-cost bench", role: "ADMIN" };
  const email = `page-cost-${randomBytes(3).toString("hex")}@load.test`;
  const password = randomBytes(18).toString("base64url");
  const created = await createUser(getDb(), operator, { email, name: "Page cost reviewer", role: "REVIEWER", password });
  if (!created.ok) throw new Error(created.message);
  try {
    for (const base of urls) {
      const signIn = await fetch(`${base}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: new URL(base).origin },
        body: JSON.stringify({ email, password }),
      });
      if (!signIn.ok) throw new Error(`sign-in at ${base}: ${signIn.status}`);
      const cookie = signIn.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const page = `${base}/models/${slug}/matrix`;
      const html = await (await fetch(page, { headers: { cookie } })).text();
      if (!html.includes("Risk matrix")) throw new Error(`${page} did not render the matrix`);
      const rsc = await (await fetch(page, { headers: { cookie, rsc: "1" } })).text();
      console.log(
        `${page}: HTML ${Buffer.byteLength(html)} bytes, of which inlined RSC ${inlinedRscBytes(html)}; RSC navigation payload ${Buffer.byteLength(rsc)} bytes`,
      );
    }
  } finally {
    await setDisabled(getDb(), operator, { user: { email }, disabled: true });
  }
}

await countQueries();
if (values.url!.length > 0) await measurePayload(values.url!);
await closeDb();
