// Another tool's result file becomes evidence: read it (read-external-results.ts), map each result
// to risks (risk-mapping.ts), and either show what would be imported (previewExternalImport, which
// writes nothing) or store the import, its results and its per-cell evidence (importExternalResults).
// A run is imported once per model, whichever file holds it (run-identity.ts): the same run counted
// the same adds nothing, and the refusal names the earlier import; the same run counted otherwise (a
// corrected mapping, other uses or revision) replaces the earlier import, which is kept, marked
// superseded, its evidence rows gone, its confirmed overrides carried to the same cases. A file
// whose import was killed part way is imported over again (import-storing.ts).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { z } from "zod";
import { notAFile } from "../content/file-problem";
import { freeText, namedString } from "../domain/free-text";
import { modelSlugRef } from "../domain/record-id";
import { recordAuditEvent } from "../audit/record-audit-event";
import { defineCommand, invalidInput, type InvalidInput } from "../commands/define-command";
import type { Prisma } from "../db/generated/sqlite/client";
import { isPostgresClient } from "../db/provider";
import type { Db, DbTransaction } from "../db/types";
import type { Verdict } from "../domain/verdicts";
import { judgeTallies, type CellAggregate } from "../evidence/cell-tally";
import { readNameList } from "../db/json-columns";
import { byCodeNumber, cellKeyLabel } from "../domain/cell-key";
import { cellTallier, writeImportEvidence } from "../evidence/import-aggregate";
import { importedRunDate, RUN_DATE_UNKNOWN, TIME_ZONE_NOT_RECORDED } from "../evidence/imported-source";
import type { ExternalFormat } from "./detect-format";
import type { ExternalCaseResult, ExternalFile, ExternalResultsItem, ExternalRun, ExternalTool, SkippedEntry } from "./external-case-result";
import { ExternalResultsError } from "./external-results-error";
import { HEARTBEAT_MS, inForceImport, isAbandoned } from "./import-storing";
import { insertExternalResults, type StoredResult } from "./insert-external-results";
import { thisProcess } from "./process-liveness";
import { openResultsFile, readExternalResults, type ResultsFile } from "./read-external-results";
import { repeatedCaseCheck } from "./repeated-cases";
import { cellsMoved, runIdentity, type CellsMoved } from "./run-identity";
import { defaultMappingFile, parseRiskMapping, RiskMappingError, riskMappingText, risksFor, safeValueFor, type RiskMapping } from "./risk-mapping";
import { testedModelNote } from "./tested-model-note";

export const importExternalResultsSchema = z
  .object({
    modelSlug: modelSlugRef,
    /** The file on the machine that runs the command: the CLI's argument, or an upload saved to a temporary file. */
    path: namedString("the results file's path").min(1),
    /** The name to record when `path` is a temporary file's; else the path's own. */
    fileName: namedString("the file's name").min(1).max(255).optional(),
    /** A mapping file instead of content/mappings/default.yaml. */
    mappingFile: namedString("the mapping file's path").min(1).optional(),
    /** The uses the results count in, instead of the mapping's. */
    uses: z
      .array(z.string().regex(/^U\d+$/, "a use code such as U2"))
      .min(1, "name at least one use, or leave the uses out for the mapping's")
      .optional(),
    /** The model revision that was tested; the model's current one when not given. */
    modelRevision: freeText("the model revision").trim().min(1).max(200).optional(),
    /**
     * A file damaged part way (cut short, a broken line): import the results before the damage, the
     * run marked incomplete with the error in its notes. Without it such a file writes nothing.
     */
    keepReadable: z.boolean().default(false),
  })
  .strict();
export type ImportExternalResultsInput = z.input<typeof importExternalResultsSchema>;

/** Skipped entries kept to show; all of them are counted. */
const SKIPPED_SHOWN = 1_000;
// Rows a statement. Prisma keeps the parameters of recent statements (a cache measured to stop
// growing at about 100 statements), so this bounds an import's memory as much as its speed:
// 1,000 a statement was 30% faster and did not fit a 256 MB heap on 100,000 attempts; 500 does.
const BATCH = 500;

const TOOL_OF_FORMAT: Record<ExternalFormat, ExternalTool> = {
  "garak-report": "garak",
  "promptfoo-results": "promptfoo",
  "promptfoo-jsonl": "promptfoo",
  "inspect-json": "inspect",
  "inspect-eval": "inspect",
};

export interface ImportPreview {
  file: ExternalFile;
  run: ExternalRun;
  /** When the run happened, by its tool's record (importedRunDate): the evidence's date; null when the file gives none (run.notes says why). */
  runDate: Date | null;
  /** False when the file wrote runDate's time with no zone: read as UTC to order it, not to show it as UTC. */
  runTimeZoneRecorded: boolean;
  /** The model's import of the same run, from whichever file: importing adds nothing when it counts the same, else replaces it. */
  earlierImport: EarlierImport | null;
  mappingFile: string;
  uses: string[];
  modelRevision: string | null;
  /** False: none was given, and modelRevision is the model's now. */
  revisionDeclared: boolean;
  results: number;
  verdicts: Record<Verdict, number>;
  /** Per risk x use cell, judged against the cell's threshold and minimum sample size. */
  cells: CellAggregate[];
  /** Results no risk is mapped to, by what the tool called them. */
  unmapped: { test: string; strategy: string | null; results: number; matchedBy: string[] }[];
  skipped: SkippedEntry[];
  skippedCount: number;
}

/** The import in force of the run a file holds, and what importing the file would change. */
export interface EarlierImport extends CellsMoved {
  id: string;
  fileName: string;
  /** Who imported it, as the audit log names them. */
  importedBy: string;
  importedAt: Date;
  runKey: string;
  /** The file counts exactly what the earlier import counts: importing it adds nothing. */
  sameCounts: boolean;
}

/** What a re-import of a run replaced: the earlier import, now superseded, and what moved. */
export interface Replaced extends CellsMoved {
  importId: string;
  fileName: string;
  importedBy: string;
  importedAt: Date;
  /** Confirmed or proposed overrides of the earlier import's results carried to the same cases. */
  overridesKept: number;
  /** Overrides left behind: the case is gone from the file, or the tool's verdict on it differs. */
  overridesLeft: number;
  /** Approved or accepted cells among those that moved: their gates and deploy decisions read the new evidence. */
  approvedCellsMoved: string[];
}

export type PreviewOutcome = { ok: true; preview: ImportPreview } | InvalidInput | { ok: false; kind: "not_found" | "invalid"; message: string };

export type ImportOutcome =
  | { ok: true; imported: true; importId: string; evidenceRows: number; preview: ImportPreview; replaced: Replaced | null }
  | { ok: true; imported: false; importId: string; preview: null; message: string }
  | { ok: false; kind: "not_found" | "invalid" | "busy"; message: string };

/** Why a mapped risk is not counted when the model has no risk of that code. */
const MODEL_LACKS_RISK = "the model does not have";

interface Setting {
  model: { id: string; slug: string; name: string; revisionHash: string | null };
  /** Why results mapped to a risk are not counted for it ("is retired", "the model does not have"); null when they are. */
  uncountedRisk: (code: string) => string | null;
  mapping: RiskMapping;
  mappingFile: string;
  mappingHash: string;
  uses: string[];
  modelRevision: string | null;
  /** False: no revision was given, and modelRevision is the model's at import. */
  revisionDeclared: boolean;
  fileName: string;
  keepReadable: boolean;
}

async function settle(
  db: Db,
  input: z.output<typeof importExternalResultsSchema>,
): Promise<Setting | { ok: false; kind: "not_found" | "invalid"; message: string }> {
  const model = await db.model.findUnique({
    where: { slug: input.modelSlug },
    select: {
      id: true,
      slug: true,
      name: true,
      revisionHash: true,
      uses: { select: { code: true, retiredAt: true } },
      risks: { select: { code: true, retiredAt: true } },
    },
  });
  if (!model) return { ok: false, kind: "not_found", message: `no model "${input.modelSlug}"` };
  const unreadable = await notAFile(input.path);
  if (unreadable) return { ok: false, kind: "invalid", message: `${input.path}: ${unreadable}` };
  const mappingFile = input.mappingFile ?? defaultMappingFile();
  const unreadableMapping = await notAFile(mappingFile);
  if (unreadableMapping) return { ok: false, kind: "invalid", message: `the mapping file ${mappingFile}: ${unreadableMapping}` };
  let mapping: RiskMapping;
  let mappingText: string;
  try {
    mappingText = riskMappingText(readFileSync(mappingFile), mappingFile);
    mapping = parseRiskMapping(mappingText, mappingFile);
  } catch (error) {
    if (error instanceof RiskMappingError) return { ok: false, kind: "invalid", message: error.message };
    throw error;
  }
  // A retired use or risk is kept for its history, and counts no new evidence.
  const modelUses = model.uses.filter((use) => use.retiredAt === null).map((use) => use.code);
  // A use named twice is one use: each result counts in it once.
  const uses = [...new Set(input.uses ?? (mapping.uses === "all" ? modelUses : mapping.uses))];
  const retired = uses.filter((code) => model.uses.some((use) => use.code === code && use.retiredAt !== null));
  if (retired.length > 0)
    return {
      ok: false,
      kind: "invalid",
      message: `use ${retired.join(", ")} ${retired.length > 1 ? "are" : "is"} retired: the model's uses are ${modelUses.join(", ")}`,
    };
  // Nothing could ever count, and the file, once imported, is "already imported" for good.
  if (uses.length === 0)
    return {
      ok: false,
      kind: "invalid",
      message: `the model "${input.modelSlug}" has no uses ${model.uses.length === 0 ? "yet" : "in force"}, so no result could count in one: add its uses and risks first`,
    };
  const unknown = uses.filter((code) => !modelUses.includes(code));
  if (unknown.length > 0) return { ok: false, kind: "invalid", message: `the model has no use ${unknown.join(", ")} (it has ${modelUses.join(", ")})` };
  const risks = new Map(model.risks.map((risk) => [risk.code, risk.retiredAt]));
  return {
    model,
    uncountedRisk: (code) => (!risks.has(code) ? MODEL_LACKS_RISK : risks.get(code) ? "is retired" : null),
    mapping,
    mappingFile: basename(mappingFile),
    mappingHash: createHash("sha256").update(mappingText).digest("hex"),
    uses,
    modelRevision: input.modelRevision ?? model.revisionHash,
    revisionDeclared: input.modelRevision !== undefined,
    fileName: input.fileName ?? basename(input.path),
    keepReadable: input.keepReadable,
  };
}

/** Reads the whole file, mapping and counting each result; `store` sees each result with its risks as it is read. */
/** Told how many results have been read so far, every PROGRESS_EVERY results: a large report takes minutes. */
export interface ImportProgress {
  onProgress?: (results: number) => void;
}

const PROGRESS_EVERY = 10_000;

async function readMapAndCount(
  db: Db,
  setting: Setting,
  source: ResultsFile,
  { onProgress }: ImportProgress,
  store?: (result: ExternalCaseResult, risks: string[]) => Promise<void>,
): Promise<Omit<ImportPreview, "earlierImport"> & { identity: RunIdentity }> {
  const tallier = cellTallier(setting.uses);
  const identity = runIdentity();
  const verdicts: Record<Verdict, number> = { PASS: 0, FAIL: 0, ERROR: 0, NOT_APPLICABLE: 0 };
  const unmapped = new Map<string, ImportPreview["unmapped"][number]>();
  const uncounted = new Map<string, { test: string; strategy: string | null; risk: string; why: string; results: number }>();
  const skipped: SkippedEntry[] = [];
  let skippedCount = 0;
  let results = 0;
  /** Results counted for at least one of the model's risks. */
  let counting = 0;
  let run: ExternalRun | null = null;
  let first: ExternalCaseResult | null = null;
  let damage: ExternalResultsError | null = null;
  const readOptions = { safeValueFor: safeValueFor(setting.mapping) };
  const items = readExternalResults(source, readOptions);
  const repeats = repeatedCaseCheck(setting.fileName, async function* () {
    for await (const item of readExternalResults(source, readOptions)) if (item.kind === "result") yield item.result;
  });
  for (;;) {
    let next: IteratorResult<ExternalResultsItem>;
    try {
      next = await items.next();
    } catch (error) {
      // Only results already read are kept, and only when asked; a file with none is refused still.
      if (!(error instanceof ExternalResultsError) || !setting.keepReadable || results === 0) throw error;
      damage = error;
      break;
    }
    if (next.done) break;
    const item = next.value;
    if (item.kind === "run") run = item.run;
    else if (item.kind === "skipped") {
      skippedCount++;
      if (skipped.length < SKIPPED_SHOWN) skipped.push(item.skipped);
    } else {
      const { result } = item;
      first ??= result;
      await repeats.check(result);
      results++;
      verdicts[result.verdict]++;
      const { risks: mapped, matchedBy } = risksFor(setting.mapping, result);
      const risks = mapped.filter((risk) => setting.uncountedRisk(risk) === null);
      for (const risk of mapped.filter((code) => !risks.includes(code))) {
        const key = `${result.test}\u0000${result.strategy ?? ""}\u0000${risk}`;
        const entry = uncounted.get(key) ?? { test: result.test, strategy: result.strategy, risk, why: setting.uncountedRisk(risk)!, results: 0 };
        entry.results++;
        uncounted.set(key, entry);
      }
      if (mapped.length === 0) {
        const key = `${result.test}\u0000${result.strategy ?? ""}`;
        const entry = unmapped.get(key) ?? { test: result.test, strategy: result.strategy, results: 0, matchedBy };
        entry.results++;
        unmapped.set(key, entry);
      }
      if (risks.length > 0) counting++;
      tallier.add(result.verdict, risks);
      identity.add(result, risks);
      await store?.(result, risks);
      if (results % PROGRESS_EVERY === 0) onProgress?.(results);
    }
  }
  for (const entry of uncounted.values()) {
    skippedCount++;
    if (skipped.length < SKIPPED_SHOWN)
      skipped.push({
        location: `${entry.test}${entry.strategy ? ` / ${entry.strategy}` : ""}`,
        reason: `mapped to ${entry.risk}, which ${entry.why}: ${entry.results} results not counted for it`,
      });
  }
  // A file whose results the mapping gives only risks the model lacks (a card with other risks, or
  // none yet) would be a source of no evidence, and "already imported" once the risks are added.
  const lacking = [...new Set([...uncounted.values()].filter((entry) => entry.why === MODEL_LACKS_RISK).map((entry) => entry.risk))].sort(byCodeNumber);
  if (counting === 0 && lacking.length > 0)
    throw new ExternalResultsError(
      setting.fileName,
      null,
      `no result counts for the model "${setting.model.slug}": the mapping (${setting.mappingFile}) maps its results to ${lacking.join(", ")}, which the model does not have. ` +
        `Add the risk${lacking.length > 1 ? "s" : ""}, or import with a mapping to the model's own risks`,
    );
  if (damage && first) run = readUpToDamage(first, damage, results);
  if (!run) throw new ExternalResultsError(setting.fileName, null, "the reader ended without the run's summary");
  const notAboutThisModel = testedModelNote(run.model, setting.model);
  if (notAboutThisModel) run = { ...run, notes: [...run.notes, notAboutThisModel] };
  const dated = importedRunDate(run, new Date());
  if (dated.date === null) run = { ...run, notes: [...run.notes, `${dated.why}: ${RUN_DATE_UNKNOWN}`] };
  else if (!dated.zoneRecorded)
    run = { ...run, notes: [...run.notes, `the file writes its times with no zone (the local time of the machine that ran it): ${TIME_ZONE_NOT_RECORDED}`] };
  return {
    file: run.file,
    run,
    runDate: dated.date,
    runTimeZoneRecorded: dated.date === null || dated.zoneRecorded,
    mappingFile: setting.mappingFile,
    uses: setting.uses,
    modelRevision: setting.modelRevision,
    revisionDeclared: setting.revisionDeclared,
    results,
    verdicts,
    cells: await judgeTallies(db, setting.model.id, tallier.tallies()),
    unmapped: [...unmapped.values()],
    skipped,
    skippedCount,
    identity: { runKey: identity.runKey(run), countsHash: identity.countsHash(setting.uses, setting.modelRevision) },
  };
}

interface RunIdentity {
  runKey: string;
  countsHash: string;
}

/** An import's cells as their evidence rows count them, or a preview's cells that would get a row (source-evidence-rows.ts). */
async function importCells(db: Db | DbTransaction, importId: string) {
  const rows = await db.evidence.findMany({
    where: { importId },
    select: { passes: true, failures: true, errors: true, cell: { select: { risk: { select: { code: true } }, use: { select: { code: true } } } } },
  });
  return rows.map((row) => ({
    cell: cellKeyLabel(row.cell.risk.code, row.cell.use.code),
    passes: row.passes ?? 0,
    failures: row.failures ?? 0,
    errors: row.errors ?? 0,
  }));
}

function previewCells(cells: readonly CellAggregate[]) {
  return cells
    .filter((cell) => cell.n > 0 || cell.errors > 0)
    .map((cell) => ({ cell: cellKeyLabel(cell.riskCode, cell.useCode), passes: cell.passes, failures: cell.failures, errors: cell.errors }));
}

/** The model's import of this run, if any, with who imported it (the audit log's name: a CLI import may name no account). */
async function earlierImportOf(db: Db | DbTransaction, modelId: string, runKey: string) {
  const earlier = await db.externalImport.findUnique({
    where: { modelId_runKey: { modelId, runKey } },
    select: { id: true, fileName: true, createdAt: true, countsHash: true, createdBy: { select: { name: true } } },
  });
  return earlier && { ...earlier, importedBy: await importerOf(db, earlier) };
}

async function importerOf(db: Db | DbTransaction, row: { id: string; createdBy: { name: string } | null }): Promise<string> {
  const audited = await db.auditEvent.findFirst({
    where: { action: "evidence.import", entityType: "ExternalImport", entityId: row.id },
    select: { actorLabel: true },
  });
  return audited?.actorLabel ?? row.createdBy?.name ?? "someone not recorded";
}

/** What importing the file would add, cell by cell, and what it would leave out; writes nothing. */
export async function previewExternalImport(db: Db, rawInput: ImportExternalResultsInput, progress: ImportProgress = {}): Promise<PreviewOutcome> {
  const parsed = importExternalResultsSchema.safeParse(rawInput);
  if (!parsed.success) return invalidInput(parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })));
  const setting = await settle(db, parsed.data);
  if ("ok" in setting) return setting;
  try {
    const { identity, ...read } = await readMapAndCount(db, setting, await openResultsFile(parsed.data.path, setting.fileName), progress);
    const earlier = await earlierImportOf(db, setting.model.id, identity.runKey);
    const earlierImport = earlier && {
      id: earlier.id,
      fileName: earlier.fileName,
      importedBy: earlier.importedBy,
      importedAt: earlier.createdAt,
      runKey: identity.runKey,
      sameCounts: earlier.countsHash === identity.countsHash,
      ...cellsMoved(await importCells(db, earlier.id), previewCells(read.cells)),
    };
    return { ok: true, preview: { ...read, earlierImport } };
  } catch (error) {
    if (error instanceof ExternalResultsError) return { ok: false, kind: "invalid", message: error.message };
    throw error;
  }
}

export const importExternalResults = defineCommand({
  name: "evidence.import",
  doing: "importing another tool's results as evidence",
  role: "REVIEWER",
  schema: importExternalResultsSchema,
  audit: ["evidence.import", "evidence.import-superseded"],
  async run(db, actor, input, progress: ImportProgress = {}): Promise<ImportOutcome> {
    const setting = await settle(db, input);
    if ("ok" in setting) return setting;
    let source: ResultsFile;
    try {
      source = await openResultsFile(input.path, setting.fileName);
    } catch (error) {
      if (error instanceof ExternalResultsError) return { ok: false, kind: "invalid", message: error.message };
      throw error;
    }
    const sameFileCountedTheSame = await sameFileImport(db, setting, source.file.sha256);
    if (sameFileCountedTheSame) return sameFileCountedTheSame;
    const claimed = await claimImport(db, {
      modelId: setting.model.id,
      tool: TOOL_OF_FORMAT[source.format],
      fileName: setting.fileName,
      sha256: source.file.sha256,
      modelRevision: setting.modelRevision,
      revisionDeclared: setting.revisionDeclared,
      complete: false,
      uses: setting.uses,
      mappingFile: setting.mappingFile,
      mappingHash: setting.mappingHash,
      skipped: [],
      notes: [],
      createdById: actor.id,
    });
    if ("refused" in claimed) return claimed.refused;
    const { importId, storingBy } = claimed;
    const mine = { id: importId, storingBy };

    let read: Awaited<ReturnType<typeof readMapAndCount>>;
    try {
      const postgres = isPostgresClient(db);
      let batch: StoredResult[] = [];
      let beatAt = Date.now();
      const flush = async () => {
        await insertExternalResults(db, importId, batch, postgres);
        batch = [];
        if (Date.now() - beatAt < HEARTBEAT_MS) return;
        beatAt = Date.now();
        await db.externalImport.update({ where: mine, data: { storingHeartbeatAt: new Date(beatAt) } });
      };
      read = await readMapAndCount(db, setting, source, progress, async (result, risks) => {
        batch.push({ result, risks });
        if (batch.length >= BATCH) await flush();
      });
      await flush();
    } catch (error) {
      // Nothing of a file that cannot be read whole is kept.
      await db.externalImport.deleteMany({ where: mine });
      if (error instanceof ExternalResultsError) return { ok: false, kind: "invalid", message: error.message };
      throw error;
    }
    const { identity, ...counted } = read;
    const preview: ImportPreview = { ...counted, earlierImport: null };

    const { run } = preview;
    const unmappedEntries = preview.unmapped.map((entry) => ({
      location: `${entry.test}${entry.strategy ? ` / ${entry.strategy}` : ""}`,
      reason: `no risk mapped (${entry.results} results)`,
    }));
    let stored: { duplicate: NonNullable<Awaited<ReturnType<typeof earlierImportOf>>> } | { evidenceRows: number; replaced: Replaced | null };
    try {
      stored = await db.$transaction(async (tx) => {
        const earlier = await earlierImportOf(tx, setting.model.id, identity.runKey);
        if (earlier?.countsHash === identity.countsHash) return { duplicate: earlier };
        const earlierCells = earlier ? await importCells(tx, earlier.id) : [];
        const overrides = earlier ? await supersede(tx, earlier.id, identity.runKey, importId) : null;
        await tx.externalImport.update({
          where: mine,
          data: {
            storingBy: null,
            storingHeartbeatAt: null,
            runKey: identity.runKey,
            countsHash: identity.countsHash,
            toolVersion: run.toolVersion,
            runId: run.runId,
            testedModel: run.model,
            startedAt: run.startedAt,
            completedAt: run.completedAt,
            complete: run.complete,
            skipped: [...unmappedEntries, ...preview.skipped],
            notes:
              preview.skippedCount > preview.skipped.length
                ? [...run.notes, `${preview.skippedCount} entries skipped, the first ${preview.skipped.length} kept`]
                : run.notes,
          },
        });
        const evidenceRows = await writeImportEvidence(tx, importId);
        const replaced: Replaced | null =
          earlier && overrides && (await replacedBy(tx, setting.model.id, earlier, earlierCells, await importCells(tx, importId), overrides));
        await recordAuditEvent(tx, actor, {
          action: "evidence.import",
          entityType: "ExternalImport",
          entityId: importId,
          after: {
            tool: run.tool,
            toolVersion: run.toolVersion,
            fileName: setting.fileName,
            sha256: source.file.sha256,
            run: identity.runKey,
            results: preview.results,
            verdicts: preview.verdicts,
            evidenceRows,
            uses: setting.uses,
            mapping: setting.mappingFile,
            ...(replaced ? { replaces: replaced.importId } : {}),
          },
        });
        if (replaced) {
          const { importId: earlierId, fileName: earlierFile, importedBy, importedAt, ...moved } = replaced;
          await recordAuditEvent(tx, actor, {
            action: "evidence.import-superseded",
            entityType: "ExternalImport",
            entityId: earlierId,
            before: { fileName: earlierFile, importedBy, importedAt: importedAt.toISOString(), run: identity.runKey },
            after: { supersededBy: importId, fileName: setting.fileName, mapping: setting.mappingFile, uses: setting.uses, ...moved },
          });
        }
        return { evidenceRows, replaced };
      });
    } catch (error) {
      // Another import of the run finished first (the run's key is unique per model, a replaced
      // import is replaced once): this one is given up, and asking again compares with that one.
      await db.externalImport.deleteMany({ where: mine });
      if (error instanceof SupersededMeanwhile || isUniqueViolation(error))
        return {
          ok: false,
          kind: "busy",
          message: `${setting.fileName}: the same run was imported for this model a moment ago, while this file was read: nothing added; import it again to compare with that import`,
        };
      throw error;
    }
    if ("duplicate" in stored) {
      await db.externalImport.deleteMany({ where: mine });
      return duplicateOf(setting.fileName, run.tool, identity.runKey, stored.duplicate);
    }
    return { ok: true, imported: true, importId, evidenceRows: stored.evidenceRows, preview, replaced: stored.replaced };
  },
});

/** Another import replaced the run's earlier import between this one's read and its write. */
class SupersededMeanwhile extends Error {}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/**
 * Marks the earlier import superseded by `importId` (guarded: it must still be the run's import),
 * removes its evidence rows, and carries its overrides to the new import's results of the same
 * cases on which the tool gave the same verdict: an override corrects a verdict on an output, which a
 * corrected mapping does not change. Returns how many overrides were carried and left.
 */
async function supersede(tx: DbTransaction, earlierId: string, runKey: string, importId: string): Promise<{ kept: number; left: number }> {
  const marked = await tx.externalImport.updateMany({
    where: { id: earlierId, runKey, ...inForceImport },
    data: { runKey: null, supersededAt: new Date(), supersededById: importId },
  });
  if (marked.count !== 1) throw new SupersededMeanwhile();
  await tx.evidence.deleteMany({ where: { importId: earlierId } });
  const overridden = await tx.externalResult.findMany({
    where: { importId: earlierId, overrideVerdict: { not: null } },
    select: {
      caseKey: true,
      verdict: true,
      overrideVerdict: true,
      overrideReason: true,
      overrideById: true,
      overrideAt: true,
      overrideConfirmedById: true,
      overrideConfirmedAt: true,
    },
  });
  let kept = 0;
  for (const { caseKey, verdict, ...override } of overridden) {
    kept += (await tx.externalResult.updateMany({ where: { importId, caseKey, verdict }, data: override })).count > 0 ? 1 : 0;
  }
  return { kept, left: overridden.length - kept };
}

async function replacedBy(
  tx: DbTransaction,
  modelId: string,
  earlier: NonNullable<Awaited<ReturnType<typeof earlierImportOf>>>,
  earlierCells: Awaited<ReturnType<typeof importCells>>,
  cells: Awaited<ReturnType<typeof importCells>>,
  overrides: { kept: number; left: number },
): Promise<Replaced> {
  const moved = cellsMoved(earlierCells, cells);
  const movedCells = new Set([...moved.cellsGained, ...moved.cellsLost, ...moved.cellsRecounted]);
  const reviewed = await tx.cell.findMany({
    where: { risk: { modelId }, reviewStatus: { in: ["APPROVED", "ACCEPTED"] } },
    select: { risk: { select: { code: true } }, use: { select: { code: true } } },
  });
  return {
    importId: earlier.id,
    fileName: earlier.fileName,
    importedBy: earlier.importedBy,
    importedAt: earlier.createdAt,
    ...moved,
    overridesKept: overrides.kept,
    overridesLeft: overrides.left,
    approvedCellsMoved: reviewed.map((cell) => cellKeyLabel(cell.risk.code, cell.use.code)).filter((cell) => movedCells.has(cell)),
  };
}

/**
 * The same bytes counted under the same mapping, uses and revision count the same: refused before
 * the file is read, as a gigabyte's report takes minutes to read.
 */
async function sameFileImport(db: Db, setting: Setting, sha256: string): Promise<ImportOutcome | null> {
  const candidates = await db.externalImport.findMany({
    where: { modelId: setting.model.id, sha256, mappingHash: setting.mappingHash, modelRevision: setting.modelRevision, ...inForceImport },
    select: { id: true, tool: true, fileName: true, createdAt: true, runKey: true, uses: true, createdBy: { select: { name: true } } },
  });
  const uses = JSON.stringify([...setting.uses].sort());
  const same = candidates.find((row) => JSON.stringify([...readNameList(row.uses, "ExternalImport.uses")].sort()) === uses);
  if (!same) return null;
  return duplicateOf(setting.fileName, same.tool, same.runKey ?? `the same file, sha256 ${sha256.slice(0, 12)}…`, {
    ...same,
    importedBy: await importerOf(db, same),
  });
}

type ImportRow = Omit<Prisma.ExternalImportUncheckedCreateInput, "storingBy" | "storingHeartbeatAt">;

/**
 * Creates the import's row, marked as being stored by this process. An import of the same file
 * still being stored by a live process is left to finish; one abandoned (import-storing.ts) is
 * deleted with its results, and this import starts over in its place.
 */
async function claimImport(db: Db, row: ImportRow): Promise<{ importId: string; storingBy: string } | { refused: ImportOutcome }> {
  const storing = await db.externalImport.findMany({
    where: { modelId: row.modelId, sha256: row.sha256, storingBy: { not: null } },
    select: { id: true, createdAt: true, storingBy: true, storingHeartbeatAt: true },
  });
  for (const other of storing) {
    const { storingBy, storingHeartbeatAt } = other;
    if (storingBy === null) continue;
    if (!isAbandoned({ storingBy, storingHeartbeatAt })) return { refused: beingImported(row.fileName, other.createdAt) };
    // Only that abandoned attempt: another importer may have just started over in its place.
    await db.externalImport.deleteMany({ where: { id: other.id, storingBy, storingHeartbeatAt } });
  }
  const storingBy = thisProcess();
  const { id } = await db.externalImport.create({ data: { ...row, storingBy, storingHeartbeatAt: new Date() }, select: { id: true } });
  return { importId: id, storingBy };
}

function beingImported(fileName: string, since: Date): ImportOutcome {
  return {
    ok: false,
    kind: "busy",
    message: `${fileName} is being imported for this model right now (started ${since.toISOString().replace("T", " ").slice(0, 16)} UTC): try again once it is done`,
  };
}

/**
 * The run of a file read only up to its damage, whose summary the reader never reached: what the
 * results read before it carry of their run (the tool's version, the run's id, the model, its start;
 * Inspect's, the first sample's start), incomplete, saying where it stopped.
 */
function readUpToDamage(first: ExternalCaseResult, damage: ExternalResultsError, results: number): ExternalRun {
  return {
    tool: first.tool,
    toolVersion: first.toolVersion,
    file: first.file,
    runId: first.runId,
    model: first.model,
    startedAt: first.startedAt,
    completedAt: null,
    complete: false,
    notes: [`read only up to the damage, ${results} results kept: ${damage.message}`],
  };
}

/** The refusal of a run already imported as it would be counted: it names the earlier import, who made it, when, and from which file. */
function duplicateOf(
  fileName: string,
  tool: string,
  runKey: string,
  earlier: { id: string; fileName: string; createdAt: Date; importedBy: string },
): ImportOutcome {
  return {
    ok: true,
    imported: false,
    importId: earlier.id,
    preview: null,
    message:
      `${fileName} holds the same ${tool} run as ${earlier.fileName}, imported by ${earlier.importedBy} on ${earlier.createdAt.toISOString().slice(0, 10)} ` +
      `(${runKey}), counted the same: nothing added`,
  };
}
