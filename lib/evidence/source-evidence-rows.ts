// The Evidence rows of one counted source (a campaign, an imported run): one per cell it judged,
// written whole when the source is done and recounted in place after an override. A recount
// changes counts only, never a row's date, so never which source is a cell's current evidence.
// A source also gets a row for a cell whose cases all errored (n = 0, its errors counted): the
// campaign or the other tool reached the cell and judged nothing, and without the row it would leave
// no trace on the cell, which would read as never tried. Such a row backs nothing and is never current
// evidence (current-evidence.ts): the cell stays untested, saying who tried it and that every case
// errored. A campaign's errored runs stay on the campaign too, which can retry them.
import type { Prisma } from "../db/generated/sqlite/client";
import type { Db, DbTransaction } from "../db/types";
import { cellVerdictOf } from "../domain/verdicts";
import type { CellAggregate } from "./cell-tally";

/** Which source the rows belong to. */
export type CountedSource = { kind: "CAMPAIGN"; campaignId: string } | { kind: "IMPORT"; importId: string };

/** What a source records on each row beside its counts: what was tested, by whom, its title. */
export type SourceRowFields = Omit<Prisma.EvidenceCreateManyInput, "cellId" | "kind" | "campaignId" | "importId" | keyof ReturnType<typeof countsOf>>;

/**
 * Replaces the source's rows with one per aggregate that judged at least one case (n > 0) or whose
 * cases all errored, in a cell the model has, each with `fieldsOf` its aggregate; returns how many it wrote.
 */
export async function replaceSourceEvidence(
  db: Db | DbTransaction,
  modelId: string,
  source: CountedSource,
  aggregates: CellAggregate[],
  fieldsOf: (aggregate: CellAggregate) => SourceRowFields,
): Promise<number> {
  const cells = await db.cell.findMany({
    where: { risk: { modelId } },
    select: { id: true, risk: { select: { code: true } }, use: { select: { code: true } } },
  });
  const cellIds = new Map(cells.map((cell) => [`${cell.risk.code}|${cell.use.code}`, cell.id]));
  await db.evidence.deleteMany({ where: source });
  const rows = aggregates.flatMap((aggregate) => {
    const cellId = cellIds.get(`${aggregate.riskCode}|${aggregate.useCode}`);
    if (!cellId || (aggregate.n === 0 && aggregate.errors === 0)) return [];
    return [{ cellId, ...source, ...countsOf(aggregate), ...fieldsOf(aggregate) }];
  });
  await db.evidence.createMany({ data: rows });
  return rows.length;
}

/** The source's rows of these aggregates' cells get their counts, in place. */
export async function recountSourceEvidence(db: Db | DbTransaction, source: CountedSource, aggregates: CellAggregate[]): Promise<void> {
  for (const aggregate of aggregates) {
    await db.evidence.updateMany({
      where: { ...source, cell: { risk: { code: aggregate.riskCode }, use: { code: aggregate.useCode } } },
      data: countsOf(aggregate),
    });
  }
}

function countsOf(aggregate: CellAggregate) {
  return {
    passes: aggregate.passes,
    failures: aggregate.failures,
    n: aggregate.n,
    overrides: aggregate.overrides,
    errors: aggregate.errors,
    intervalLow: aggregate.intervalLow,
    intervalHigh: aggregate.intervalHigh,
    verdict: cellVerdictOf(aggregate.verdict),
  };
}
