// What the imports pages show: a model's imported runs, one import with its per-cell evidence and a
// page of its results, and one result with everything the tool recorded about it. An import still
// being stored, or killed doing so, is none of these (import-storing.ts); one superseded by a later
// import of its run is shown, saying so and by which, for the audit trail.
import { z } from "zod";
import { readJsonColumn, readNameList } from "../db/json-columns";
import type { Db } from "../db/types";
import { inMatrixOrder } from "../domain/cell-key";
import { countedVerdict, VERDICTS, type Verdict } from "../domain/verdicts";
import { conversationTurnSchema, externalScoreSchema, skippedEntrySchema } from "./external-case-result";
import { storedImport } from "./import-storing";

export interface ImportRow {
  id: string;
  tool: string;
  toolVersion: string | null;
  fileName: string;
  sha256: string;
  testedModel: string | null;
  modelRevision: string | null;
  /** False: the importer named no revision, and modelRevision is the model's at import. */
  revisionDeclared: boolean;
  complete: boolean;
  createdAt: string;
  createdBy: string | null;
  results: number;
  failures: number;
  /** The later import of the same run that replaced this one, when one did: this one counts in no cell. */
  supersededBy: { id: string; fileName: string; at: string } | null;
}

export async function listImports(db: Db, modelSlug: string): Promise<ImportRow[]> {
  const imports = await db.externalImport.findMany({
    where: { model: { slug: modelSlug }, ...storedImport },
    orderBy: { createdAt: "desc" },
    include: {
      createdBy: { select: { name: true } },
      supersededBy: { select: { id: true, fileName: true } },
      _count: { select: { results: true } },
    },
  });
  const failures = await db.externalResult.groupBy({
    by: ["importId"],
    where: { importId: { in: imports.map((row) => row.id) }, verdict: "FAIL" },
    _count: true,
  });
  const failuresOf = new Map(failures.map((row) => [row.importId, row._count]));
  return imports.map((row) => ({
    id: row.id,
    tool: row.tool,
    toolVersion: row.toolVersion,
    fileName: row.fileName,
    sha256: row.sha256,
    testedModel: row.testedModel,
    modelRevision: row.modelRevision,
    revisionDeclared: row.revisionDeclared,
    complete: row.complete,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy?.name ?? null,
    results: row._count.results,
    failures: failuresOf.get(row.id) ?? 0,
    supersededBy: supersededByOf(row),
  }));
}

function supersededByOf(row: { supersededAt: Date | null; supersededBy: { id: string; fileName: string } | null }) {
  return row.supersededAt && row.supersededBy ? { ...row.supersededBy, at: row.supersededAt.toISOString() } : null;
}

export const RESULTS_PAGE = 50;

export const resultsFilterSchema = z.object({
  verdict: z.enum(VERDICTS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).catch(1).default(1),
});

export async function loadImport(db: Db, modelSlug: string, importId: string, filter: z.output<typeof resultsFilterSchema>) {
  const row = await db.externalImport.findFirst({
    where: { id: importId, model: { slug: modelSlug }, ...storedImport },
    include: {
      createdBy: { select: { name: true } },
      supersededBy: { select: { id: true, fileName: true } },
      evidence: {
        select: {
          passes: true,
          failures: true,
          n: true,
          overrides: true,
          errors: true,
          intervalLow: true,
          intervalHigh: true,
          verdict: true,
          cell: { select: { risk: { select: { code: true } }, use: { select: { code: true } } } },
        },
      },
    },
  });
  if (!row) return null;
  const where = { importId, ...(filter.verdict ? { verdict: filter.verdict } : {}) };
  const [total, results] = await Promise.all([
    db.externalResult.count({ where }),
    db.externalResult.findMany({
      where,
      orderBy: { id: "asc" },
      skip: (filter.page - 1) * RESULTS_PAGE,
      take: RESULTS_PAGE,
      select: { id: true, test: true, strategy: true, location: true, verdict: true, risks: true, overrideVerdict: true, overrideConfirmedAt: true },
    }),
  ]);
  return {
    id: row.id,
    tool: row.tool,
    toolVersion: row.toolVersion,
    fileName: row.fileName,
    sha256: row.sha256,
    runId: row.runId,
    testedModel: row.testedModel,
    modelRevision: row.modelRevision,
    startedAt: row.startedAt,
    completedAt: row.completedAt,
    complete: row.complete,
    uses: readNameList(row.uses, "ExternalImport.uses"),
    mappingFile: row.mappingFile,
    skipped: readJsonColumn(z.array(skippedEntrySchema), row.skipped, "ExternalImport.skipped"),
    notes: readNameList(row.notes, "ExternalImport.notes"),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy?.name ?? null,
    supersededBy: supersededByOf(row),
    cells: row.evidence.map((evidence) => ({ riskCode: evidence.cell.risk.code, useCode: evidence.cell.use.code, ...evidence })).sort(inMatrixOrder),
    total,
    pages: Math.max(1, Math.ceil(total / RESULTS_PAGE)),
    results: results.map((result) => ({
      id: result.id,
      test: result.test,
      strategy: result.strategy,
      location: result.location,
      risks: readNameList(result.risks, "ExternalResult.risks"),
      toolVerdict: result.verdict,
      counted: countedVerdict(result) ?? result.verdict,
      overridePending: result.overrideVerdict !== null && result.overrideConfirmedAt === null,
    })),
  };
}

export async function loadImportedResult(db: Db, modelSlug: string, importId: string, resultId: string) {
  const result = await db.externalResult.findFirst({
    where: { id: resultId, importId, externalImport: { model: { slug: modelSlug }, ...storedImport } },
    include: { externalImport: { select: { tool: true, toolVersion: true, fileName: true, testedModel: true, uses: true } } },
  });
  if (!result) return null;
  const names = await db.user.findMany({
    where: { id: { in: [result.overrideById, result.overrideConfirmedById].filter((id): id is string => id !== null) } },
    select: { id: true, name: true },
  });
  const nameOf = (id: string | null) => names.find((user) => user.id === id)?.name ?? null;
  return {
    id: result.id,
    importId,
    source: result.externalImport,
    uses: readNameList(result.externalImport.uses, "ExternalImport.uses"),
    caseKey: result.caseKey,
    test: result.test,
    strategy: result.strategy,
    location: result.location,
    risks: readNameList(result.risks, "ExternalResult.risks"),
    scores: readJsonColumn(z.array(externalScoreSchema), result.scores, "ExternalResult.scores"),
    toolVerdict: result.verdict as Verdict,
    counted: (countedVerdict(result) ?? result.verdict) as Verdict,
    reason: result.reason,
    prompt: result.prompt,
    output: result.output,
    conversation: readJsonColumn(z.array(conversationTurnSchema), result.conversation, "ExternalResult.conversation"),
    servedModel: result.servedModel,
    startedAt: result.startedAt,
    completedAt: result.completedAt,
    overrideVerdict: result.overrideVerdict,
    overrideReason: result.overrideReason,
    overrideById: result.overrideById,
    overrideBy: nameOf(result.overrideById),
    overrideConfirmed: result.overrideConfirmedAt !== null,
    overrideConfirmedBy: nameOf(result.overrideConfirmedById),
  };
}

/** What the upload form offers: the model's uses (not the retired), the revision an import is declared against by default. */
export async function loadImportChoices(db: Db, modelSlug: string) {
  const model = await db.model.findUnique({
    where: { slug: modelSlug },
    select: { revisionHash: true, uses: { where: { retiredAt: null }, orderBy: { position: "asc" }, select: { code: true, purpose: true } } },
  });
  return model && { uses: model.uses, revision: model.revisionHash };
}
