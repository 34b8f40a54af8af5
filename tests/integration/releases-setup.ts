// The situations the release tests start from: the seed card imported into a fresh database, and
// the ways a reviewer or a campaign moves a cell (approval, current campaign evidence).
import { existsSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import type { Actor } from "../../lib/auth/actor";
import { loadCurrentHashes } from "../../lib/evidence/current-hashes";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { updateCell } from "../../lib/cells/update-cell";
import { describeGap } from "../../lib/releases/describe-gap";
import { publishRelease } from "../../lib/releases/publish-release";
import { loadReleaseGaps } from "../../lib/releases/release-gaps";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { type FreshDatabase, freshDatabase, runTemplateFolder, snapshotDatabase } from "../support/fresh-database";

export const slug = defaultModelSlug;
export const approver: Actor = { id: null, label: "Ada Approver", role: "APPROVER" };
export const reviewer: Actor = { id: null, label: "Rita Reviewer", role: "REVIEWER" };
export const viewer: Actor = { id: null, label: "Vic Viewer", role: "VIEWER" };

/**
 * A fresh database holding the seed card. The first in a test run is imported, and a snapshot of it is kept beside the
 * run's template (as campaignDatabase keeps its own); every later one, in this process or another, starts from a copy
 * of that: importing the card costs about half a second at a load of a few (before most of 170 tests in 29 files),
 * a copy milliseconds.
 */
export async function seededDatabase(): Promise<Db> {
  return (await seededDatabaseFile()).db;
}

/** seededDatabase's, with its URL: for a second client on the same file, as another process has. */
export async function seededDatabaseFile(): Promise<FreshDatabase> {
  const shared = path.join(runTemplateFolder(), "card-seeded.db");
  if (existsSync(shared)) return freshDatabase(shared);
  const fresh = freshDatabase();
  await seedInto(fresh.db);
  // Written aside and renamed into place: no process copies a snapshot half written.
  renameSync(await snapshotDatabase(fresh.db), shared);
  return fresh;
}

export async function seedInto(db: Db): Promise<void> {
  const card = parseCardMarkdown(readFileSync(cardSourcePath(slug), "utf8"), slug).card;
  await importCard(db, { id: null, label: "test importer", role: "ADMIN" }, card);
}

/** A reviewer judges that `risk` applies to `use`, as in the matrix editor: a draft until approved. */
export async function markApplicable(db: Db, risk: string, use: string, rating: { likelihood: number; severity: number }) {
  const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug } }, use: { code: use } } });
  const result = await updateCell(db, reviewer, {
    ref: { modelSlug: slug, risk, use },
    expectedVersion: cell.version,
    changes: { applies: "YES", ...rating, rationale: `${risk} is a real risk for ${use}.` },
  });
  if (!result.ok) throw new Error(result.message);
}

export async function applicableCells(db: Db) {
  return db.cell.findMany({
    where: { applies: "YES", risk: { model: { slug } } },
    select: { risk: { select: { code: true } }, use: { select: { code: true } } },
  });
}

/**
 * A clean campaign result made under today's model, suites and detectors: current, not stale.
 * `madeUnder` overrides a hash, as if the evidence came from before that part changed, or says the
 * generated smoke-test model answered.
 */
export async function addPassingEvidence(db: Db, risk: string, use: string, madeUnder: { detectorsHash?: string; smokeTest?: boolean } = {}) {
  const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug } }, use: { code: use } }, include: { risk: true } });
  const current = await loadCurrentHashes(db, cell.risk.modelId);
  const suites = await db.testSuite.findMany({ where: { modelId: cell.risk.modelId, use: { code: use } }, orderBy: { key: "asc" }, select: { key: true } });
  // The campaign it came from, completed, as the card names it and the suites it ran.
  const campaign = await db.campaign.create({
    data: {
      modelId: cell.risk.modelId,
      name: `Campaign ${risk}-${use}-clean`,
      status: "COMPLETED",
      modelRevision: current.modelRevision ?? "unknown",
      backend: "local",
      backendConfig: {},
      sampling: {},
      seed: 0,
      suiteKeys: suites.map((suite) => suite.key),
      riskCodes: [risk],
      useCodes: [use],
      settingsHash: "made by the test, not by settings",
    },
  });
  await db.evidence.create({
    data: {
      cellId: cell.id,
      campaignId: campaign.id,
      kind: "CAMPAIGN",
      n: 300,
      passes: 300,
      failures: 0,
      intervalLow: 0,
      intervalHigh: 0.0126,
      verdict: "PASS",
      modelRevision: current.modelRevision,
      suiteHash: current.suiteHashByUse.get(use) ?? null,
      detectorsHash: madeUnder.detectorsHash ?? current.detectorsHash,
      smokeTest: madeUnder.smokeTest ?? false,
      title: `Campaign ${risk}-${use}-clean`,
    },
  });
}

/**
 * Every cell assessed (those nobody judged: the risk does not apply) and every applicable cell
 * approved and backed by current evidence: nothing stands in a release's way.
 */
export async function readyEveryApplicableCell(db: Db) {
  await db.cell.updateMany({ where: { applies: "NOT_ASSESSED", risk: { model: { slug } } }, data: { applies: "NO" } });
  for (const cell of await applicableCells(db)) {
    await addPassingEvidence(db, cell.risk.code, cell.use.code);
    await approve(db, cell.risk.code, cell.use.code);
  }
}

export async function approve(db: Db, risk: string, use: string) {
  const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug } }, use: { code: use } } });
  const result = await updateCell(db, approver, { ref: { modelSlug: slug, risk, use }, expectedVersion: cell.version, changes: { reviewStatus: "APPROVED" } });
  if (!result.ok) throw new Error(result.message);
}

/** The cell judged applicable, its evidence failing (35 failures of 35), then accepted by `by` until `until` for `justification`. */
export async function acceptOnFailingEvidence(db: Db, by: Actor, cellCode: { risk: string; use: string }, terms: { justification: string; until: Date }) {
  const { risk, use } = cellCode;
  await markApplicable(db, risk, use, { likelihood: 3, severity: 4 });
  await addPassingEvidence(db, risk, use);
  await db.evidence.updateMany({
    where: { cell: { risk: { code: risk }, use: { code: use } } },
    data: { passes: 0, failures: 35, n: 35, intervalLow: 0.9, intervalHigh: 1, verdict: "FAIL" },
  });
  const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug } }, use: { code: use } } });
  const accepted = await updateCell(db, by, {
    ref: { cellId: cell.id },
    expectedVersion: cell.version,
    changes: { reviewStatus: "ACCEPTED", acceptanceJustification: terms.justification, acceptedUntil: terms.until.toISOString() },
  });
  if (!accepted.ok) throw new Error(accepted.message);
}

/** Publishes the card as it stands, accepting its gaps where it has any (smoke-test evidence is one): true when published. */
export async function publishAcceptingGaps(db: Db): Promise<boolean> {
  const gaps = (await loadReleaseGaps(db, slug)) ?? [];
  const acceptance = gaps.length > 0 ? { justification: "A pipeline check before the real checkpoint.", gaps: gaps.map(describeGap) } : undefined;
  return (await publishRelease(db, approver, { slug, acceptance })).ok;
}
