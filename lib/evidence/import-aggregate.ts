// An imported run of another tool becomes evidence the way a campaign does (campaign-aggregate.ts):
// per risk x use cell, the passes and failures of its results mapped to that risk, in each use the
// import counts in; errors and results with no verdict are not part of n. The same Wilson interval
// and verdict against the cell's own threshold and minimum sample size follow. A confirmed override
// of one result counts instead of the tool's verdict, and recounts its own cells in place.
import type { Db, DbTransaction } from "../db/types";
import { countedVerdict, type Verdict } from "../domain/verdicts";
import { byCell, countsOf, judgeTallies, type CellTally } from "./campaign-aggregate";
import { importedSourceLabel } from "./imported-source";
import { readNameList } from "../db/json-columns";

/** Counts results into per-cell tallies as they come: the importer's preview and the stored import count alike. */
export function cellTallier(useCodes: readonly string[]) {
  const tallies = new Map<string, CellTally>();
  return {
    add(verdict: Verdict, riskCodes: readonly string[], overridden = false) {
      for (const riskCode of riskCodes) {
        for (const useCode of useCodes) {
          const key = `${riskCode}|${useCode}`;
          let tally = tallies.get(key);
          if (!tally) {
            tally = { riskCode, useCode, passes: 0, failures: 0, overrides: 0, errors: 0, unjudged: 0 };
            tallies.set(key, tally);
          }
          if (verdict === "PASS") tally.passes++;
          else if (verdict === "FAIL") tally.failures++;
          else if (verdict === "ERROR") tally.errors++;
          else tally.unjudged++;
          if (overridden) tally.overrides++;
        }
      }
    },
    tallies: (): CellTally[] => [...tallies.values()].sort(byCell),
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
  const aggregates = (await judgeTallies(db, imported.modelId, await tallyImport(db, importId))).filter((aggregate) => aggregate.n > 0);
  const cells = await db.cell.findMany({
    where: { risk: { modelId: imported.modelId } },
    select: { id: true, risk: { select: { code: true } }, use: { select: { code: true } } },
  });
  const cellIds = new Map(cells.map((cell) => [`${cell.risk.code}|${cell.use.code}`, cell.id]));
  await db.evidence.deleteMany({ where: { importId, kind: "IMPORT" } });
  const rows = aggregates.flatMap((aggregate) => {
    const cellId = cellIds.get(`${aggregate.riskCode}|${aggregate.useCode}`);
    if (!cellId) return [];
    return [
      {
        cellId,
        kind: "IMPORT" as const,
        importId,
        ...countsOf(aggregate),
        modelRevision: imported.modelRevision,
        declaredRevision: imported.modelRevision,
        servedModel: imported.testedModel,
        createdById: imported.createdById,
        title: importedSourceLabel(imported),
      },
    ];
  });
  await db.evidence.createMany({ data: rows });
  return rows.length;
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
  for (const aggregate of await judgeTallies(db, result.externalImport.modelId, own)) {
    await db.evidence.updateMany({
      where: { importId: result.importId, kind: "IMPORT", cell: { risk: { code: aggregate.riskCode }, use: { code: aggregate.useCode } } },
      data: countsOf(aggregate),
    });
  }
}
