// Puts the content suites into the database for one model: a TestSuite per suite file and a
// TestCase per case, keyed by suite key and case key so a re-sync updates rows in place and the
// runs of earlier campaigns keep pointing at the same cases. A case the file no longer names is
// retired, never deleted: the runs of earlier campaigns, which their evidence counts, keep it. So is
// a suite whose file was taken out of the folder (syncSuiteFolder), but never one uploaded in the
// app, which has no file. A suite uploaded over its file is left as uploaded until the file says
// the same. Each suite that changes is audited under the model (a sync that changes nothing records
// nothing).
import type { Actor } from "../auth/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Db } from "../db/types";
import { loadSuites, type LoadedSuite, suitesDir } from ".";
import { caseKeysHeldElsewhere } from "./case-key-clashes";
import type { SuiteCase } from ".";

export interface SyncSuitesReport {
  suites: { key: string; use: string; cases: number; changed: boolean; created: boolean }[];
  removedCases: number;
  /** The suites retired because their file is gone (syncSuiteFolder only), with their cases still in use then. */
  retiredSuites: { key: string; use: string; cases: number }[];
  /** Suites uploaded in the app since their file was last synced, whose file says otherwise: left as uploaded. */
  keptUploads: { key: string; use: string }[];
}

/** Who syncs when the caller names no one: the suite files themselves, read by the app or the CLI. */
const SUITE_FILES: Actor = { id: null, label: "suite sync (content/suites)", role: "ADMIN" };

export async function syncSuites(db: Db, modelSlug: string, loaded: LoadedSuite[] = loadSuites(), actor: Actor = SUITE_FILES): Promise<SyncSuitesReport> {
  const model = await db.model.findUnique({
    where: { slug: modelSlug },
    include: { uses: true, suites: { select: { key: true, useId: true, origin: true, contentHash: true } } },
  });
  if (!model) throw new Error(`no model "${modelSlug}": import its card first`);
  const useIds = new Map(model.uses.map((use) => [use.code, use.id]));
  const useCodes = new Map(model.uses.map((use) => [use.id, use.code]));
  const storedUseIds = new Map(model.suites.map((suite) => [suite.key, suite.useId]));
  const uploadedHashes = new Map(model.suites.filter((suite) => suite.origin === "UPLOAD").map((suite) => [suite.key, suite.contentHash]));

  // Every file is checked before any is written: a refused sync changes nothing.
  for (const { suite } of loaded) {
    const useId = useIds.get(suite.use);
    if (!useId) throw new Error(`suite "${suite.suite}" is for ${suite.use}, which model "${modelSlug}" does not have`);
    const storedUseId = storedUseIds.get(suite.suite);
    // Its cases' runs in earlier campaigns count in its use's cells: moved, they would be recounted in another use's.
    if (storedUseId !== undefined && storedUseId !== useId) {
      const was = useCodes.get(storedUseId);
      throw new Error(
        `suite "${suite.suite}" is ${was}'s, and its file now says ${suite.use}: a suite keeps its use, as earlier campaigns' runs of its cases count in ${was}'s cells. ` +
          `Give ${suite.use}'s cases a suite of their own (another suite key), or put back "use: ${was}"`,
      );
    }
    const clashes = await caseKeysHeldElsewhere(db, model.id, suite);
    if (clashes) throw new Error(`suite "${suite.suite}": ${clashes}`);
  }

  const report: SyncSuitesReport = { suites: [], removedCases: 0, retiredSuites: [], keptUploads: [] };
  for (const loadedSuite of loaded) {
    const { suite } = loadedSuite;
    // A reviewer's upload is newer than the file: a sync (which the campaign command runs first) would undo it unseen.
    const uploadedHash = uploadedHashes.get(suite.suite);
    if (uploadedHash !== undefined && uploadedHash !== loadedSuite.contentHash) {
      report.keptUploads.push({ key: suite.suite, use: suite.use });
      continue;
    }
    const written = await writeSuite(db, { id: model.id, useId: useIds.get(suite.use)! }, loadedSuite, actor, "suite.sync");
    report.suites.push({ key: suite.suite, use: suite.use, cases: suite.cases.length, changed: written.changed, created: written.created });
    report.removedCases += written.removedCases;
  }
  return report;
}

/** What a sync did beyond writing the files, a line each, for whoever ran it: the cases and suites it retired, the uploads it left. */
export function syncNotes(report: SyncSuitesReport): string[] {
  return [
    ...(report.removedCases > 0 ? [`${report.removedCases} cases no longer in content were retired (earlier campaigns keep their runs)`] : []),
    ...report.keptUploads.map(
      (suite) =>
        `${suite.key} (${suite.use}): uploaded in the app since its file was synced, and its file differs: left as uploaded (upload the file to apply it)`,
    ),
    ...report.retiredSuites.map(
      (suite) => `${suite.key} (${suite.use}): its file is gone from content/suites, retired with its ${suite.cases} cases (earlier campaigns keep their runs)`,
    ),
  ];
}

/**
 * Syncs every suite file of `folder`, then retires each suite of the model last written from a file
 * that the folder no longer holds. Only the whole folder tells a file taken out: syncSuites, given
 * some suites, leaves the others alone.
 */
export async function syncSuiteFolder(db: Db, modelSlug: string, folder = suitesDir, actor: Actor = SUITE_FILES): Promise<SyncSuitesReport> {
  const loaded = loadSuites(folder);
  const report = await syncSuites(db, modelSlug, loaded, actor);
  const inFolder = new Set(loaded.map(({ suite }) => suite.suite));
  const gone = await db.testSuite.findMany({
    where: { model: { slug: modelSlug }, origin: "FILE", retiredAt: null, key: { notIn: [...inFolder] } },
    orderBy: { key: "asc" },
    select: { id: true, key: true, modelId: true, use: { select: { code: true } } },
  });
  for (const suite of gone) report.retiredSuites.push(await retireSuite(db, suite, actor));
  return report;
}

async function retireSuite(
  db: Db,
  suite: { id: string; key: string; modelId: string; use: { code: string } },
  actor: Actor,
): Promise<SyncSuitesReport["retiredSuites"][number]> {
  return db.$transaction(async (tx) => {
    const retiredAt = new Date();
    await tx.testSuite.update({ where: { id: suite.id }, data: { retiredAt } });
    const { count } = await tx.testCase.updateMany({ where: { suiteId: suite.id, retiredAt: null }, data: { retiredAt } });
    await recordAuditEvent(tx, actor, {
      action: "suite.retire",
      entityType: "Model",
      entityId: suite.modelId,
      before: { suite: suite.key, use: suite.use.code },
      after: { suite: suite.key, retired: true, removedCases: count },
    });
    return { key: suite.key, use: suite.use.code, cases: count };
  });
}

/**
 * Writes one suite for one model's use, keyed by suite and case keys so the runs of earlier campaigns keep pointing
 * at the same cases; a suite whose hash is unchanged is left alone and nothing is audited, unless it
 * was retired (its file back, or uploaded, it is the model's again) or comes from elsewhere now (a
 * file's suite uploaded, or an uploaded suite given a file), which its origin records.
 */
export async function writeSuite(
  db: Db,
  target: { id: string; useId: string },
  { suite, contentHash }: Pick<LoadedSuite, "suite" | "contentHash">,
  actor: Actor,
  action: "suite.sync" | "suite.upload",
): Promise<{ changed: boolean; created: boolean; removedCases: number }> {
  const existing = await db.testSuite.findUnique({ where: { modelId_key: { modelId: target.id, key: suite.suite } } });
  const origin = action === "suite.upload" ? ("UPLOAD" as const) : ("FILE" as const);
  if (existing?.contentHash === contentHash && existing.retiredAt === null && existing.origin === origin)
    return { changed: false, created: false, removedCases: 0 };
  return db.$transaction(async (tx) => {
    const fields = { useId: target.useId, title: suite.title, description: suite.description, contentHash, origin, retiredAt: null };
    const row = await tx.testSuite.upsert({
      where: { modelId_key: { modelId: target.id, key: suite.suite } },
      create: { modelId: target.id, key: suite.suite, ...fields },
      update: fields,
    });
    if (!existing) {
      await tx.testCase.createMany({
        data: suite.cases.map((testCase) => ({ suiteId: row.id, key: testCase.key, ...caseRow(testCase, suite.systemPrompt) })),
      });
    }
    for (const testCase of existing ? suite.cases : []) {
      const data = caseRow(testCase, suite.systemPrompt);
      await tx.testCase.upsert({
        where: { suiteId_key: { suiteId: row.id, key: testCase.key } },
        create: { suiteId: row.id, key: testCase.key, ...data },
        // A retired case the file names again comes back as the same case, not as a second one.
        update: { ...data, retiredAt: null },
      });
    }
    // A case taken out of the file is retired: earlier campaigns keep it and their runs of it, so
    // each cell's evidence still shows every run it counted; that evidence reads as stale, because
    // the suite's hash changed, and new campaigns leave the case out.
    const kept = new Set(suite.cases.map((testCase) => testCase.key));
    const stored = existing ? await tx.testCase.findMany({ where: { suiteId: row.id, retiredAt: null }, select: { id: true, key: true } }) : [];
    const removed = stored.filter((testCase) => !kept.has(testCase.key)).map((testCase) => testCase.id);
    const retiredAt = new Date();
    // In slices: a query may bind only so many parameters.
    for (let start = 0; start < removed.length; start += 500) {
      await tx.testCase.updateMany({ where: { id: { in: removed.slice(start, start + 500) } }, data: { retiredAt } });
    }
    await recordAuditEvent(tx, actor, {
      action,
      entityType: "Model",
      entityId: target.id,
      before: existing ? { suite: suite.suite, contentHash: existing.contentHash } : undefined,
      after: { suite: suite.suite, use: suite.use, contentHash, cases: suite.cases.length, removedCases: removed.length },
    });
    return { changed: true, created: !existing, removedCases: removed.length };
  });
}

/** A case as stored: the suite's system prompt when the case has none, a prompt as one user turn. */
function caseRow(testCase: SuiteCase, suiteSystemPrompt: string) {
  return {
    risks: testCase.risks,
    systemPrompt: testCase.systemPrompt ?? suiteSystemPrompt,
    turns: testCase.turns ?? [{ role: "user", content: testCase.prompt ?? "" }],
    language: testCase.language,
    expected: testCase.expected.join(","),
    detectors: testCase.detectors,
    source: testCase.source,
    license: testCase.licence,
  };
}
