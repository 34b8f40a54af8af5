// What the matrix page sends to the browser: each cell as the grid shows, filters and sorts it, and
// no more. A cell's full judgement (approval, mitigations, dates, thresholds, the detectors that
// need review) is what its editor asks for when it opens (lib/matrix/cell-editing.ts): sending it
// for every cell made the page's hydration payload several times the grid's. The rationales stay
// here too: the search box's words are in the URL, so the server searches them and sends the
// cells it found (sending every rationale, up to 10,000 characters each, made a card with long
// ones 25 times the grid's size, on load and again with each keystroke's render).
import type { HarmArea, RiskType } from "../domain/vocabulary";
import type { CellView } from "./cell-view";
import type { EvidenceGlance, EvidenceSummary } from "./evidence-status";
import type { Matrix } from "./load-matrix";
import { textMatches } from "./matrix-filter";

export type CellGlance = Pick<CellView, "id" | "applies" | "level" | "score" | "reviewStatus" | "ownerId"> & {
  evidence: EvidenceGlance;
  inherited: InheritedGlance | null;
};

/** The base model's evidence on a cell with none of its own (lib/matrix/cell-view.ts InheritedEvidenceView), as its badge shows it. */
export interface InheritedGlance {
  from: string;
  evidence: EvidenceGlance;
}

export interface GridUse {
  code: string;
  purpose: string;
}

export interface GridRisk {
  code: string;
  title: string;
  riskType: RiskType;
  harmArea: HarmArea;
  /** Cells keyed by use code. */
  cells: Record<string, CellGlance>;
}

export interface MatrixGrid {
  model: { slug: string; name: string };
  uses: GridUse[];
  risks: GridRisk[];
  people: { id: string; name: string }[];
  /** The cells whose risk, use or rationale hold every word of the search `q` (the URL's), or null when there is none. */
  found: { q: string; cellIds: string[] } | null;
}

export function toMatrixGrid(matrix: Matrix, q = ""): MatrixGrid {
  const purposeOf = new Map(matrix.uses.map((use) => [use.code, use.purpose]));
  const found = q
    ? matrix.risks.flatMap((risk) =>
        Object.entries(risk.cells)
          .filter(([useCode, cell]) => textMatches(q, [risk.code, risk.title, purposeOf.get(useCode), cell.rationale]))
          .map(([, cell]) => cell.id),
      )
    : null;
  return {
    model: { slug: matrix.model.slug, name: matrix.model.name },
    uses: matrix.uses.map(({ code, purpose }) => ({ code, purpose })),
    risks: matrix.risks.map(({ code, title, riskType, harmArea, cells }) => ({
      code,
      title,
      riskType,
      harmArea,
      cells: Object.fromEntries(Object.entries(cells).map(([useCode, cell]) => [useCode, toCellGlance(cell)])),
    })),
    people: matrix.people,
    found: found && { q, cellIds: found },
  };
}

function toCellGlance(cell: CellView): CellGlance {
  const { id, applies, level, score, reviewStatus, ownerId, inherited } = cell;
  return {
    id,
    applies,
    level,
    score,
    reviewStatus,
    ownerId,
    evidence: evidenceGlance(cell.evidence),
    inherited: inherited && { from: inherited.from, evidence: evidenceGlance(inherited.evidence) },
  };
}

function evidenceGlance(evidence: EvidenceSummary): EvidenceGlance {
  const { status, failures, n, rate, corrected, casesToDecide, staleReasons, smokeTest, campaignName, importedFrom, date, erroredOnly } = evidence;
  return { status, failures, n, rate, corrected, casesToDecide, staleReasons, smokeTest, campaignName, importedFrom, date, erroredOnly };
}
