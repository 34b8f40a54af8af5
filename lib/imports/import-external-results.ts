// Another tool's result file becomes evidence: read it (read-external-results.ts), map each result
// to risks (risk-mapping.ts), and either show what would be imported (previewExternalImport, which
// writes nothing) or store the import, its results and its per-cell evidence (importExternalResults).
// A file already imported for the model (same sha256) adds nothing; one whose import was killed
// part way is imported over again (import-storing.ts).
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
import type { Db } from "../db/types";
import type { Verdict } from "../domain/verdicts";
import { judgeTallies, type CellAggregate } from "../evidence/cell-tally";
import { cellTallier, writeImportEvidence } from "../evidence/import-aggregate";
import { importedRunDate, RUN_DATE_UNKNOWN, TIME_ZONE_NOT_RECORDED } from "../evidence/imported-source";
import type { ExternalFormat } from "./detect-format";
import type { ExternalCaseResult, ExternalFile, ExternalResultsItem, ExternalRun, ExternalTool, SkippedEntry } from "./external-case-result";
import { ExternalResultsError } from "./external-results-error";
import { HEARTBEAT_MS, isAbandoned, storedImport } from "./import-storing";
import { insertExternalResults, type StoredResult } from "./insert-external-results";
import { thisProcess } from "./process-liveness";
import { openResultsFile, readExternalResults, type ResultsFile } from "./read-external-results";
import { repeatedCaseCheck } from "./repeated-cases";
import { defaultMappingFile, parseRiskMapping, RiskMappingError, riskMappingText, risksFor, safeValueFor, type RiskMapping } from "./risk-mapping";

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
  /** The import of this very file for this model, when there is one: importing it again adds nothing. */
  alreadyImported: { id: string; createdAt: Date } | null;
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

export type PreviewOutcome = { ok: true; preview: ImportPreview } | InvalidInput | { ok: false; kind: "not_found" | "invalid"; message: string };

export type ImportOutcome =
  | { ok: true; imported: true; importId: string; evidenceRows: number; preview: ImportPreview }
  | { ok: true; imported: false; importId: string; preview: null; message: string }
  | { ok: false; kind: "not_found" | "invalid" | "busy"; message: string };

/** Why a mapped risk is not counted when the model has no risk of that code. */
const MODEL_LACKS_RISK = "the model does not have";

interface Setting {
  model: { id: string; slug: string; revisionHash: string | null };
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
    select: { id: true, slug: true, revisionHash: true, uses: { select: { code: true, retiredAt: true } }, risks: { select: { code: true, retiredAt: true } } },
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
): Promise<Omit<ImportPreview, "alreadyImported">> {
  const tallier = cellTallier(setting.uses);
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
  const lacking = [...new Set([...uncounted.values()].filter((entry) => entry.why === MODEL_LACKS_RISK).map((entry) => entry.risk))].sort(
    (a, b) => Number(a.slice(1)) - Number(b.slice(1)),
  );
  if (counting === 0 && lacking.length > 0)
    throw new ExternalResultsError(
      setting.fileName,
      null,
      `no result counts for the model "${setting.model.slug}": the mapping (${setting.mappingFile}) maps its results to ${lacking.join(", ")}, which the model does not have. ` +
        `Add the risk${lacking.length > 1 ? "s" : ""}, or import with a mapping to the model's own risks`,
    );
  if (damage && first) run = readUpToDamage(first, damage, results);
  if (!run) throw new ExternalResultsError(setting.fileName, null, "the reader ended without the run's summary");
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
  };
}

/** What importing the file would add, cell by cell, and what it would leave out; writes nothing. */
export async function previewExternalImport(db: Db, rawInput: ImportExternalResultsInput, progress: ImportProgress = {}): Promise<PreviewOutcome> {
  const parsed = importExternalResultsSchema.safeParse(rawInput);
  if (!parsed.success) return invalidInput(parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })));
  const setting = await settle(db, parsed.data);
  if ("ok" in setting) return setting;
  try {
    const read = await readMapAndCount(db, setting, await openResultsFile(parsed.data.path, setting.fileName), progress);
    const existing = await db.externalImport.findFirst({
      where: { modelId: setting.model.id, sha256: read.file.sha256, ...storedImport },
      select: { id: true, createdAt: true },
    });
    return { ok: true, preview: { ...read, alreadyImported: existing } };
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
  audit: ["evidence.import"],
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

    let preview: ImportPreview;
    try {
      const postgres = isPostgresClient(db);
      let batch: StoredResult[] = [];
      let beatAt = Date.now();
      const flush = async () => {
        await insertExternalResults(db, importId, batch, postgres);
        batch = [];
        if (Date.now() - beatAt < HEARTBEAT_MS) return;
        beatAt = Date.now();
        await db.externalImport.update({ where: { id: importId, storingBy }, data: { storingHeartbeatAt: new Date(beatAt) } });
      };
      const read = await readMapAndCount(db, setting, source, progress, async (result, risks) => {
        batch.push({ result, risks });
        if (batch.length >= BATCH) await flush();
      });
      await flush();
      preview = { ...read, alreadyImported: null };
    } catch (error) {
      // Nothing of a file that cannot be read whole is kept.
      await db.externalImport.deleteMany({ where: { id: importId, storingBy } });
      if (error instanceof ExternalResultsError) return { ok: false, kind: "invalid", message: error.message };
      throw error;
    }

    const { run } = preview;
    const unmappedEntries = preview.unmapped.map((entry) => ({
      location: `${entry.test}${entry.strategy ? ` / ${entry.strategy}` : ""}`,
      reason: `no risk mapped (${entry.results} results)`,
    }));
    const evidenceRows = await db.$transaction(async (tx) => {
      await tx.externalImport.update({
        where: { id: importId, storingBy },
        data: {
          storingBy: null,
          storingHeartbeatAt: null,
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
      const rows = await writeImportEvidence(tx, importId);
      await recordAuditEvent(tx, actor, {
        action: "evidence.import",
        entityType: "ExternalImport",
        entityId: importId,
        after: {
          tool: run.tool,
          toolVersion: run.toolVersion,
          fileName: setting.fileName,
          sha256: source.file.sha256,
          results: preview.results,
          verdicts: preview.verdicts,
          evidenceRows: rows,
          uses: setting.uses,
          mapping: setting.mappingFile,
        },
      });
      return rows;
    });
    return { ok: true, imported: true, importId, evidenceRows, preview };
  },
});

type ImportRow = Omit<Prisma.ExternalImportUncheckedCreateInput, "storingBy" | "storingHeartbeatAt">;

/**
 * Creates the import's row, marked as being stored by this process. A stored import of the same
 * file adds nothing; one still being stored by a live process is left to finish; one abandoned
 * (import-storing.ts) is deleted with its results, and this import starts over in its place.
 */
async function claimImport(db: Db, row: ImportRow): Promise<{ importId: string; storingBy: string } | { refused: ImportOutcome }> {
  const storingBy = thisProcess();
  const sameFile = { modelId_sha256: { modelId: row.modelId, sha256: row.sha256 } };
  const existingImport = () =>
    db.externalImport.findUnique({ where: sameFile, select: { id: true, createdAt: true, storingBy: true, storingHeartbeatAt: true } });
  for (let attempt = 0; ; attempt++) {
    const existing = await existingImport();
    if (existing?.storingBy === null) return { refused: alreadyImported(row.fileName, existing) };
    if (existing) {
      const storing = { storingBy: existing.storingBy, storingHeartbeatAt: existing.storingHeartbeatAt };
      if (!isAbandoned(storing)) return { refused: beingImported(row.fileName, existing.createdAt) };
      // Only that abandoned attempt: another importer may have just started over in its place.
      await db.externalImport.deleteMany({ where: { id: existing.id, ...storing } });
    }
    try {
      const { id } = await db.externalImport.create({
        data: { ...row, storingBy, storingHeartbeatAt: new Date() },
        select: { id: true },
      });
      return { importId: id, storingBy };
    } catch (error) {
      // Someone started importing the same file a moment ago: the unique sha256 per model says so.
      if (attempt > 0 || !(await existingImport())) throw error;
    }
  }
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

function alreadyImported(fileName: string, existing: { id: string; createdAt: Date }): ImportOutcome {
  return {
    ok: true,
    imported: false,
    importId: existing.id,
    preview: null,
    message: `${fileName} was already imported for this model on ${existing.createdAt.toISOString().slice(0, 10)}: nothing added`,
  };
}
