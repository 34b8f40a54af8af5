// Which cells a reviewer is looking for on the matrix. A risk row stays visible when any of its
// cells matches; the cells that do not match are shown faded.
import { LEVELS, type Level } from "../domain/level";
import type { HarmArea, ReviewStatus } from "../domain/vocabulary";
import type { CellView } from "./cell-view";

export interface MatrixFilter {
  harmArea: HarmArea | null;
  level: Level | null;
  reviewStatus: ReviewStatus | null;
  untestedOnly: boolean;
}

export const noMatrixFilter: MatrixFilter = { harmArea: null, level: null, reviewStatus: null, untestedOnly: false };

/** Whether a cell matches the cell-level parts of the filter (harm area is a property of the risk). */
export function cellMatches(cell: CellView, filter: MatrixFilter): boolean {
  if (filter.level && !(cell.applies === "YES" && cell.level === filter.level)) return false;
  if (filter.reviewStatus && cell.reviewStatus !== filter.reviewStatus) return false;
  if (filter.untestedOnly && cell.evidence.status !== "UNTESTED") return false;
  return true;
}

export function isCellFilterActive(filter: MatrixFilter): boolean {
  return filter.level !== null || filter.reviewStatus !== null || filter.untestedOnly;
}

/** A risk's worst level across the uses it applies to, as a rank for sorting (0 = none scored). */
export function highestLevelRank(cells: CellView[]): number {
  return Math.max(0, ...cells.filter((cell) => cell.applies === "YES" && cell.level).map((cell) => LEVELS.indexOf(cell.level!) + 1));
}
