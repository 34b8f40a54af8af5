// What makes a result file one run of its tool, whichever file it is: a copy under another name,
// the same Inspect log saved as .json and as .eval, a report written out again. Not the file's
// bytes (its sha256), but what the tool wrote of the run:
// - runKey: the tool, the run's own id (garak's run uuid, promptfoo's evalId, Inspect's eval_id)
//   and its start; a file that names no run (promptfoo's legacy v2 output) is known by its start
//   and its results instead;
// - countsHash: what importing it counts: each result's case, verdict and risks, in whatever order
//   the file holds them, and the uses and model revision it counts in. The same run with the same
//   counts is a duplicate; with other counts (a corrected mapping, other uses, a revision named, a
//   file read whole after one read up to its damage) it replaces the earlier import.
// Results are folded in as they are read, into sums of their sha256s (mod 2^256), so the order of a
// file's results does not matter and a report of a million results is never held to be hashed.
import { createHash } from "node:crypto";
import { inMatrixOrder, parseCellKey } from "../domain/cell-key";
import type { ExternalCaseResult, ExternalRun } from "./external-case-result";

const MOD = 1n << 256n;

function sha256(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}

function hex(sum: bigint): string {
  return sum.toString(16).padStart(64, "0");
}

/** Folds in each result as it is read; `runKey` and `countsHash` once the file is read. */
export function runIdentity() {
  let recorded = 0n;
  let counted = 0n;
  return {
    add(result: ExternalCaseResult, risks: readonly string[]) {
      const what = [result.caseKey, result.test, result.strategy, result.verdict, result.output, result.scores];
      recorded = (recorded + BigInt(`0x${sha256(what)}`)) % MOD;
      counted = (counted + BigInt(`0x${sha256([result.caseKey, result.verdict, [...risks].sort()])}`)) % MOD;
    },
    runKey(run: Pick<ExternalRun, "tool" | "runId" | "startedAt">): string {
      const started = `started ${run.startedAt ?? "at a time not recorded"}`;
      return run.runId ? `${run.tool} run ${run.runId} ${started}` : `${run.tool} run ${started} with results ${hex(recorded).slice(0, 16)}`;
    },
    countsHash(uses: readonly string[], modelRevision: string | null): string {
      return sha256([hex(recorded), hex(counted), [...uses].sort(), modelRevision]);
    },
  };
}

/** What an import counted, by cell ("R4×U1"): compared between the earlier import of a run and its replacement. */
export interface CellsMoved {
  /** Cells the new import counts in and the earlier did not. */
  cellsGained: string[];
  /** Cells the earlier import counted in and the new does not: their evidence from this run is gone. */
  cellsLost: string[];
  /** Cells both count in, with other figures. */
  cellsRecounted: string[];
}

interface CellFigures {
  cell: string;
  passes: number;
  failures: number;
  errors: number;
}

export function cellsMoved(earlier: readonly CellFigures[], now: readonly CellFigures[]): CellsMoved {
  const before = new Map(earlier.map((row) => [row.cell, row]));
  const after = new Map(now.map((row) => [row.cell, row]));
  const inCardOrder = (cells: string[]) => cells.sort((a, b) => inMatrixOrder(parseCellKey(a)!, parseCellKey(b)!));
  return {
    cellsGained: inCardOrder([...after.keys()].filter((cell) => !before.has(cell))),
    cellsLost: inCardOrder([...before.keys()].filter((cell) => !after.has(cell))),
    cellsRecounted: inCardOrder(
      [...after.values()]
        .filter((row) => {
          const was = before.get(row.cell);
          return was && (was.passes !== row.passes || was.failures !== row.failures || was.errors !== row.errors);
        })
        .map((row) => row.cell),
    ),
  };
}
