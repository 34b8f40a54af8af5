// Which cells a reviewer is looking for on the matrix, and how the matrix is sorted. One zod schema
// reads it from the page's URL (so a filtered view can be linked, kept on reload, and reached from
// the overview's counts) and the table writes it back. A risk row stays visible when any of its
// cells matches; the cells that do not match are shown faded. A value the schema does not know
// (an old or hand-edited link) is dropped, and the rest of the filter still applies.
import { z } from "zod";
import { LEVELS } from "../domain/level";
import { HARM_AREAS, REVIEW_STATUSES } from "../domain/vocabulary";
import type { CellGlance } from "./matrix-grid";
import { EVIDENCE_STATUSES } from "./evidence-status";

const optional = <T extends z.ZodType>(schema: T) =>
  schema
    .nullable()
    .optional()
    .catch(null)
    .transform((value) => value ?? null);

export const matrixFilterSchema = z.object({
  harmArea: optional(z.enum(HARM_AREAS)),
  level: optional(z.enum(LEVELS)),
  status: optional(z.enum(REVIEW_STATUSES)),
  evidence: optional(z.enum(EVIDENCE_STATUSES)),
  /** A person's id, or "none" for cells nobody owns. */
  owner: optional(z.string().min(1).max(100)),
  /** Words to find in a risk's code or title, a use's purpose, or a cell's rationale. */
  q: z
    .string()
    .max(200)
    .optional()
    .catch(undefined)
    .transform((value) => value?.trim() ?? ""),
  sort: optional(z.enum(["level"])),
});

export type MatrixFilter = z.output<typeof matrixFilterSchema>;

export const noMatrixFilter: MatrixFilter = matrixFilterSchema.parse({});

/** The filter a URL's search parameters ask for. */
export function matrixFilterFromSearch(search: Record<string, string | string[] | undefined>): MatrixFilter {
  const first = Object.fromEntries(Object.entries(search).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  return matrixFilterSchema.parse(first);
}

/** The search parameters that give back `filter`; the cell being edited, if any, stays. */
export function matrixFilterToSearch(filter: MatrixFilter, cell?: string | null): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, String(value));
  if (cell) params.set("cell", cell);
  return params;
}

/** The searchable text of one cell the browser holds: its risk and its use (the rationale stays on the server). */
export interface CellText {
  riskCode: string;
  riskTitle: string;
  usePurpose: string;
}

/**
 * The cells the server found for a search, by id: it alone holds the rationales, which are too
 * long to send with every cell (up to 10,000 characters each) for the browser to search.
 */
export interface SearchFound {
  q: string;
  cellIds: ReadonlySet<string>;
}

/** Whether every word of `q` is in one of `texts`, ignoring case. */
export function textMatches(q: string, texts: readonly (string | undefined)[]): boolean {
  const haystack = texts.join("\n").toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

/**
 * Whether a cell matches the cell-level parts of the filter (harm area is a property of the risk).
 * The text search is the server's answer when `found` is for this search; while the server is
 * still answering a search just typed, the browser matches the risk and the use alone.
 */
export function cellMatches(cell: CellGlance, filter: MatrixFilter, text?: CellText, found?: SearchFound | null): boolean {
  if (filter.level && !(cell.applies === "YES" && cell.level === filter.level)) return false;
  if (filter.status && cell.reviewStatus !== filter.status) return false;
  if (filter.evidence && cell.evidence.status !== filter.evidence) return false;
  if (filter.owner && (filter.owner === "none" ? cell.ownerId !== null : cell.ownerId !== filter.owner)) return false;
  if (filter.q) {
    const matched = found?.q === filter.q.trim() ? found.cellIds.has(cell.id) : textMatches(filter.q, [text?.riskCode, text?.riskTitle, text?.usePurpose]);
    if (!matched) return false;
  }
  return true;
}

export function isCellFilterActive(filter: MatrixFilter): boolean {
  return filter.level !== null || filter.status !== null || filter.evidence !== null || filter.owner !== null || filter.q !== "";
}

/** A risk's worst level across the uses it applies to, as a rank for sorting (0 = none scored). */
export function highestLevelRank(cells: CellGlance[]): number {
  return Math.max(0, ...cells.filter((cell) => cell.applies === "YES" && cell.level).map((cell) => LEVELS.indexOf(cell.level!) + 1));
}
