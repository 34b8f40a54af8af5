// The README's screenshots of the reviewer's pages (docs/*.png), taken in Debian's chromium headless
// shell against a running production build whose database holds a completed campaign's evidence:
//
//   DATABASE_URL=file:./data/shots.db npx tsx scripts/migrate.ts
//   DATABASE_URL=file:./data/shots.db npx tsx cli/riskledger.ts card import
//   DATABASE_URL=file:./data/shots.db npx tsx cli/riskledger.ts suites sync
//   DATABASE_URL=file:./data/shots.db npx tsx bench/load/evidence-campaign.ts
//   NEXT_TELEMETRY_DISABLED=1 npx next build && DATABASE_URL=file:./data/shots.db npx next start -p 3000 &
//   DATABASE_URL=file:./data/shots.db npx tsx scripts/readme-screenshots.ts [--url http://127.0.0.1:3000] [--out docs]
//
// The card import creates the model in a fresh database and, run again, writes nothing (the cells
// this script judged are reported as differences): `--apply` would need `--as` an admin once the
// database has people, and the person this script signs in as is a reviewer, whom importing refuses.
// A reviewer is created in that database (readme-shots-*@riskledger.local, a random password thrown
// away) and judges a few cells first, as the README's matrix shows them, when they are not yet judged.
// The pages: the model's overview and its evidence chart, the matrix filtered to failing cells, one cell's evidence with its
// link to the failing cases, the evidence heatmap, "How Riskledger decides" and the campaign's page.
import { randomBytes } from "node:crypto";
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";
import type { Actor } from "../lib/auth/actor";
import { updateCell } from "../lib/cells/update-cell";
import { closeDb, getDb } from "../lib/db/client";
import { createUser } from "../lib/users/create-user";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:3000" },
    out: { type: "string", default: "docs" },
    model: { type: "string", default: "stable-beluga-2" },
  },
});
const base = values.url!;
const slug = values.model!;
const operator: Actor = { id: null, label: "README screenshots", role: "ADMIN" };

/** Judgements the matrix shows: every level, and a cell that does not apply. */
const JUDGEMENTS = [
  { risk: "R1", use: "U1", likelihood: 3, severity: 3, rationale: "Harmful instructions surface in recommendations read by the public." },
  { risk: "R4", use: "U4", likelihood: 4, severity: 5, rationale: "Fabricated findings could steer a diagnosis." },
  { risk: "R10", use: "U4", likelihood: 3, severity: 5, rationale: "Patient data can surface in outputs." },
  { risk: "R14", use: "U3", likelihood: 4, severity: 3, rationale: "Students learning in other languages get weaker help." },
  { risk: "R6", use: "U2", likelihood: 3, severity: 3, rationale: "Ad targeting inherits the data's biases." },
  { risk: "R12", use: "U1", likelihood: 2, severity: 2, rationale: "Viewing history is personal data." },
  { risk: "R9", use: "U3", applies: "NO" as const, rationale: "Course content is licensed by the platform." },
];

const db = getDb();
const campaign = await db.campaign.findFirst({
  where: { status: "COMPLETED", model: { slug } },
  orderBy: { finishedAt: "desc" },
  select: { id: true },
});
if (!campaign) throw new Error(`no completed campaign of ${slug} in DATABASE_URL: bench/load/evidence-campaign.ts makes one`);

const email = `readme-shots-${randomBytes(3).toString("hex")}@riskledger.local`;
const password = randomBytes(18).toString("base64url");
const created = await createUser(db, operator, { email, name: "Rita Reviewer", role: "REVIEWER", password });
if (!created.ok) throw new Error(created.message);
const reviewer: Actor = { id: created.user.id, label: "Rita Reviewer", role: "REVIEWER" };
for (const judgement of JUDGEMENTS) {
  const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: judgement.risk, model: { slug } }, use: { code: judgement.use } } });
  if (cell.applies !== "NOT_ASSESSED") continue;
  const { risk, use, rationale } = judgement;
  const changes =
    "likelihood" in judgement
      ? { applies: "YES" as const, likelihood: judgement.likelihood, severity: judgement.severity, rationale }
      : { applies: judgement.applies, rationale };
  const saved = await updateCell(db, reviewer, { ref: { modelSlug: slug, risk, use }, expectedVersion: cell.version, changes });
  if (!saved.ok) throw new Error(`${risk}×${use}: ${saved.message}`);
}
await closeDb();

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium-headless-shell" });
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
// As a browser would: better-auth refuses a sign-in POST without an Origin.
const signedIn = await context.request.post(`${base}/api/auth/sign-in/email`, { data: { email, password }, headers: { origin: new URL(base).origin } });
if (!signedIn.ok()) throw new Error(`sign-in: ${signedIn.status()} ${await signedIn.text()}`);
const page = await context.newPage();
mkdirSync(values.out!, { recursive: true });

async function shoot(name: string, url: string, ready: (page: Page) => Promise<void> = async () => {}) {
  await page.goto(`${base}${url}`, { waitUntil: "networkidle" });
  await ready(page);
  const file = path.join(values.out!, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`${file}: ${url} (${Math.round(statSync(file).size / 1024)} KB)`);
}

const model = `/models/${slug}`;
await shoot("overview", model);
await shoot("evidence-chart", model, async (p) => {
  const chart = p.getByTestId("interval-chart");
  await chart.waitFor();
  await chart.evaluate((figure) => figure.scrollIntoView({ block: "start" }));
});
await shoot("matrix-triage", `${model}/matrix?evidence=FAIL&sort=level`);
await shoot("cell-evidence", `${model}/matrix?cell=R1-U1`, async (p) => {
  const links = p.getByTestId("evidence-links");
  await links.waitFor();
  await links.scrollIntoViewIfNeeded();
});
await shoot("heatmap", `${model}/campaigns/heatmap`);
await shoot("how-riskledger-decides", "/how-riskledger-decides");
await shoot("campaign", `${model}/campaigns/${campaign.id}`);
await browser.close();
