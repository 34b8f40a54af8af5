// An imported run of another tool becomes evidence the way a campaign does (campaign-aggregate.ts):
// per risk x use cell, the passes and failures of its results mapped to that risk, in each use the
// import counts in; errors and results with no verdict are not part of n. The same Wilson interval
// and verdict against the cell's own threshold and minimum sample size follow. A confirmed override
// of one result counts instead of the tool's verdict, and recounts its own cells in place.
import type { Db, DbTransaction } from "../db/types";
import { countedVerdict, type Verdict } from "../domain/verdicts";
import { cellTallies, judgeTallies, type CellTally } from "./cell-tally";
import { recountSourceEvidence, replaceSourceEvidence } from "./source-evidence-rows";
import { importedSourceLabel } from "./imported-source";
import { readNameList } from "../db/json-columns";

/** Counts results into per-cell tallies as they come: the importer's preview and the stored import count alike. */
export function cellTallier(useCodes: readonly string[]) {
  const tallies = cellTallies();
  return {
    add(verdict: Verdict, riskCodes: readonly string[], overridden = false) {
      for (const riskCode of riskCodes) {
        for (const useCode of useCodes) tallies.count(riskCode, useCode, verdict, overridden);
      }
    },
    tallies: tallies.inCardOrder,
  };
}

const PAGE = 5_000;

/** The stored results of an import, counted per cell, a page at a time so a large import is never held whole. */
export async function tallyImport(db: Db | DbTransaction, importId: string): Promise<CellTally[]> {
  const imported = await db.externalImport.findUniqueOrThrow({ where: { id: importId }, select: { uses: true } });
  const tallier = cellTallier(readNameList(imported.uses, "ExternalImport.uses"));
  let cursor: string | undefined;
  for (;;) {
    const page = await db.externalResult.findMany({
      where: { importId },
      select: { id: true, verdict: true, risks: true, overrideVerdict: true, overrideConfirmedAt: true },
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    });
    for (const result of page) {
      tallier.add(
        countedVerdict(result) ?? result.verdict,
        readNameList(result.risks, "ExternalResult.risks"),
        !!(result.overrideVerdict && result.overrideConfirmedAt),
      );
    }
    if (page.length < PAGE) break;
    cursor = page[page.length - 1].id;
  }
  return tallier.tallies();
}

/** Writes the import's evidence, one row per cell it judged at least one result in; replaces any it had. */
export async function writeImportEvidence(db: Db | DbTransaction, importId: string): Promise<number> {
  const imported = await db.externalImport.findUniqueOrThrow({ where: { id: importId } });
  const aggregates = await judgeTallies(db, imported.modelId, await tallyImport(db, importId));
  return replaceSourceEvidence(db, imported.modelId, { kind: "IMPORT", importId }, aggregates, () => ({
    modelRevision: imported.modelRevision,
    declaredRevision: imported.modelRevision,
    servedModel: imported.testedModel,
    createdById: imported.createdById,
    title: importedSourceLabel(imported),
  }));
}

/**
 * After an override of one imported result is confirmed or taken back: the import's evidence rows
 * of the result's own cells (its risks in the import's uses) get the new counts, in place. Not the
 * date, so not which source is current (current-evidence.ts), and no other cell.
 */
export async function recountOverriddenResult(db: Db | DbTransaction, resultId: string): Promise<void> {
  const result = await db.externalResult.findUniqueOrThrow({
    where: { id: resultId },
    select: { importId: true, risks: true, externalImport: { select: { modelId: true, uses: true } } },
  });
  const risks = new Set(readNameList(result.risks, "ExternalResult.risks"));
  const uses = new Set(readNameList(result.externalImport.uses, "ExternalImport.uses"));
  const own = (await tallyImport(db, result.importId)).filter((tally) => risks.has(tally.riskCode) && uses.has(tally.useCode));
  await recountSourceEvidence(db, { kind: "IMPORT", importId: result.importId }, await judgeTallies(db, result.externalImport.modelId, own));
}
